#include "app/gui/jobs_dock.h"

#include "app/gui/job_runner.h"
#include "widgets/jobs_model.h"
#include "widgets/progress_delegate.h"
#include "widgets/table_style.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTime>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace qs::gui {

using qs::widgets::JobsModel;

JobsDock::JobsDock(JobRunner* runner, QWidget* parent) : QDockWidget(parent), runner_(runner) {
    setObjectName(QStringLiteral("jobsDock"));
    view_ = new QTreeView(this);
    view_->setModel(runner->jobsModel());
    view_->setRootIsDecorated(false);
    view_->setAlternatingRowColors(true);
    view_->setUniformRowHeights(true);
    view_->setItemDelegateForColumn(JobsModel::ProgressCol, new qs::widgets::ProgressDelegate(JobsModel::FractionRole, this));
    view_->header()->setStretchLastSection(true);
    view_->setColumnWidth(JobsModel::Title, 200);
    view_->setColumnWidth(JobsModel::Stage, 140);
    view_->setColumnWidth(JobsModel::ProgressCol, 160);
    view_->setColumnWidth(JobsModel::Eta, 90);

    clear_ = new QPushButton(this);
    connect(clear_, &QPushButton::clicked, runner->jobsModel(), &JobsModel::clearFinished);
    cancelAll_ = new QPushButton(this);
    connect(cancelAll_, &QPushButton::clicked, runner, &JobRunner::cancelAll);

    auto* jobsPane = new QWidget(this);
    auto* jobsLayout = new QVBoxLayout(jobsPane);
    jobsLayout->setContentsMargins(0, 0, 0, 0);
    jobsLayout->addWidget(view_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(cancelAll_);
    buttons->addWidget(clear_);
    jobsLayout->addLayout(buttons);

    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(2000);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(jobsPane);
    split->addWidget(log_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    setWidget(split);

    connect(runner, &JobRunner::jobStarted, this, [this](int id, const QString& title) {
        addCancelButton(id);
        log(tr("Started: %1").arg(title));
    });
    connect(runner, &JobRunner::jobFinished, this, [this](int id, bool, const QString&) {
        const auto* job = runner_->jobsModel()->job(id);
        if (!job) return;
        const int row = runner_->jobsModel()->rowOf(id);
        view_->setIndexWidget(runner_->jobsModel()->index(row, JobsModel::Status), nullptr);
        log(tr("%1: %2 (%3)").arg(JobsModel::stateText(job->state), job->title, JobsModel::durationText(job->elapsedSeconds)) +
            (job->message.isEmpty() ? QString() : QStringLiteral(" — ") + job->message));
    });
    retranslate();
}

void JobsDock::retranslate() {
    setWindowTitle(tr("Jobs & Log"));
    toggleViewAction()->setText(tr("&Jobs && Log")); // after the title, which also sets it
    clear_->setText(tr("Clear Finished"));
    clear_->setToolTip(tr("Remove finished, failed and cancelled jobs from the list."));
    cancelAll_->setText(tr("Cancel All"));
    cancelAll_->setToolTip(tr("Ask every running job to stop; results from earlier jobs stay."));
    log_->setPlaceholderText(tr("Messages from jobs appear here."));
    JobsModel* jobs = runner_->jobsModel();
    for (int row = 0; row < jobs->rowCount(); ++row)
        if (auto* button = qobject_cast<QToolButton*>(view_->indexWidget(jobs->index(row, JobsModel::Status))))
            retranslateCancelButton(button);
    qs::widgets::retranslateModel(jobs);
}

void JobsDock::retranslateCancelButton(QToolButton* button) {
    button->setText(tr("Cancel"));
    button->setToolTip(tr("Stop this job; the plan and earlier results stay as they are."));
}

void JobsDock::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDockWidget::changeEvent(event);
}

void JobsDock::addCancelButton(int id) {
    const int row = runner_->jobsModel()->rowOf(id);
    auto* button = new QToolButton;
    retranslateCancelButton(button);
    button->setAutoRaise(true);
    connect(button, &QToolButton::clicked, this, [this, id] { runner_->cancel(id); });
    view_->setIndexWidget(runner_->jobsModel()->index(row, JobsModel::Status), button);
}

void JobsDock::log(const QString& line) {
    log_->appendPlainText(QStringLiteral("[%1] %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

QString JobsDock::logText() const { return log_->toPlainText(); }

} // namespace qs::gui
