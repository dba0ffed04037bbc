#pragma once
// The workbench window: model panel (tensor table), central tabs, status bar.
#include "core/model/model.h"

#include <QMainWindow>
#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;

namespace qs::widgets {
class TensorTableModel;
}

namespace qs::gui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads in the background; on failure shows a dialog and keeps the current model.
    void openModel(const QString& path);
    std::shared_ptr<const qs::Model> model() const { return model_; }
    qs::widgets::TensorTableModel* tensorTable() const { return tableModel_; }
    QString statusText() const;
    // Set by tests: report errors through this instead of a modal dialog.
    void setErrorHandler(std::function<void(const QString&)> handler) { errorHandler_ = std::move(handler); }

signals:
    void modelLoaded(const QString& path);
    void modelLoadFailed(const QString& message);

private:
    void createActions();
    void chooseAndOpen(bool folder);
    void openExample();
    void setModel(std::shared_ptr<const qs::Model> model);
    void showError(const QString& message);
    void updateStatus();
    void addRecent(const QString& path);
    void rebuildRecentMenu();

    std::shared_ptr<const qs::Model> model_;
    qs::widgets::TensorTableModel* tableModel_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* statusModel_ = nullptr;
    QLabel* statusSize_ = nullptr;
    class QMenu* recentMenu_ = nullptr;
    std::function<void(const QString&)> errorHandler_;
    int loadsInFlight_ = 0;
};

QString defaultModelPath();

} // namespace qs::gui
