#include "widgets/jobs_model.h"

#include <QColor>
#include <cmath>

namespace qs::widgets {

JobsModel::JobsModel(QObject* parent) : QAbstractTableModel(parent) {}

void JobsModel::addJob(int id, const QString& title) {
    beginInsertRows({}, int(jobs_.size()), int(jobs_.size()));
    Job j;
    j.id = id;
    j.title = title;
    j.stage = tr("starting");
    jobs_.push_back(j);
    endInsertRows();
}

int JobsModel::rowOf(int id) const {
    for (size_t i = 0; i < jobs_.size(); ++i)
        if (jobs_[i].id == id) return int(i);
    return -1;
}

const JobsModel::Job* JobsModel::job(int id) const {
    const int r = rowOf(id);
    return r < 0 ? nullptr : &jobs_[size_t(r)];
}

void JobsModel::setProgress(int id, double fraction, const QString& stage, double elapsedSeconds, double etaSeconds) {
    const int r = rowOf(id);
    if (r < 0 || jobs_[size_t(r)].state != State::Running) return;
    Job& j = jobs_[size_t(r)];
    j.fraction = fraction;
    j.stage = stage;
    j.elapsedSeconds = elapsedSeconds;
    j.etaSeconds = etaSeconds;
    emit dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void JobsModel::finishJob(int id, State state, const QString& message, double elapsedSeconds) {
    const int r = rowOf(id);
    if (r < 0) return;
    Job& j = jobs_[size_t(r)];
    j.state = state;
    j.message = message;
    j.elapsedSeconds = elapsedSeconds;
    j.etaSeconds = -1;
    if (state == State::Finished) j.fraction = 1.0;
    emit dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void JobsModel::clearFinished() {
    for (int r = int(jobs_.size()) - 1; r >= 0; --r) {
        if (jobs_[size_t(r)].state == State::Running) continue;
        beginRemoveRows({}, r, r);
        jobs_.erase(jobs_.begin() + r);
        endRemoveRows();
    }
}

int JobsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(jobs_.size()); }
int JobsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString JobsModel::stateText(State s) {
    switch (s) {
    case State::Running: return tr("Running");
    case State::Finished: return tr("Done");
    case State::Failed: return tr("Failed");
    case State::Cancelled: return tr("Cancelled");
    }
    return {};
}

QString JobsModel::durationText(double seconds) {
    if (seconds < 0) return QStringLiteral("–");
    const int s = int(std::lround(seconds));
    if (s < 60) return tr("%1 s").arg(s);
    return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

QVariant JobsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Job& j = jobs_[size_t(index.row())];
    if (role == FractionRole) return j.fraction;
    if (role == StateRole) return int(j.state);
    if (role == JobIdRole) return j.id;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Title: return j.title;
        case Stage: return j.stage;
        case ProgressCol: return QStringLiteral("%1 %").arg(int(std::floor(100.0 * j.fraction)));
        case Eta: return j.state == State::Running ? durationText(j.etaSeconds) : durationText(j.elapsedSeconds);
        case Status:
            return j.message.isEmpty() ? stateText(j.state) : QStringLiteral("%1: %2").arg(stateText(j.state), j.message);
        }
    } else if (role == Qt::ToolTipRole) {
        if (index.column() == Status && !j.message.isEmpty()) return j.message;
        if (index.column() == Eta) return tr("Time left while running (from progress so far); time taken once finished.");
    } else if (role == Qt::ForegroundRole && index.column() == Status && j.state == State::Failed) {
        return QColor(Qt::red);
    }
    return {};
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Title: return tr("Job");
    case Stage: return tr("Stage");
    case ProgressCol: return tr("Progress");
    case Eta: return tr("ETA / time");
    case Status: return tr("Status");
    }
    return {};
}

} // namespace qs::widgets
