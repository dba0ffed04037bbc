#pragma once
// One row per background job: title, stage, progress, ETA and outcome. Fed by the job runner.
#include <QAbstractTableModel>
#include <QString>
#include <vector>

namespace qs::widgets {

class JobsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, Stage, ProgressCol, Eta, Status, ColumnCount };
    enum class State { Running, Finished, Failed, Cancelled };
    enum { FractionRole = Qt::UserRole + 1, StateRole, JobIdRole };

    struct Job {
        int id = 0;
        QString title;
        QString stage;
        double fraction = 0;
        double etaSeconds = -1; // < 0: unknown
        double elapsedSeconds = 0;
        State state = State::Running;
        QString message;
    };

    explicit JobsModel(QObject* parent = nullptr);

    void addJob(int id, const QString& title);
    void setProgress(int id, double fraction, const QString& stage, double elapsedSeconds, double etaSeconds);
    void finishJob(int id, State state, const QString& message, double elapsedSeconds);
    void clearFinished();

    const Job* job(int id) const;
    int rowOf(int id) const;
    const std::vector<Job>& jobs() const { return jobs_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(State s);
    static QString durationText(double seconds);

private:
    std::vector<Job> jobs_;
};

} // namespace qs::widgets
