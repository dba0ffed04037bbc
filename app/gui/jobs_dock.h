#pragma once
// The Jobs & Log dock: one row per job (progress bar, stage, ETA, Cancel) beside a timestamped log.
#include <QDockWidget>

class QPlainTextEdit;
class QTreeView;

namespace qs::gui {

class JobRunner;

class JobsDock : public QDockWidget {
    Q_OBJECT
public:
    JobsDock(JobRunner* runner, QWidget* parent = nullptr);
    void log(const QString& line);
    QString logText() const;
    QTreeView* view() const { return view_; }

private:
    void addCancelButton(int id);
    JobRunner* runner_;
    QTreeView* view_;
    QPlainTextEdit* log_;
};

} // namespace qs::gui
