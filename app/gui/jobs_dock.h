#pragma once
// The Jobs & Log dock: one row per job (progress bar, stage, ETA, Cancel) beside a timestamped log.
#include <QDockWidget>

class QPlainTextEdit;
class QPushButton;
class QToolButton;
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

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void retranslateCancelButton(QToolButton* button);
    void addCancelButton(int id);
    JobRunner* runner_;
    QTreeView* view_;
    QPushButton* clear_;
    QPushButton* cancelAll_;
    QPlainTextEdit* log_;
};

} // namespace qs::gui
