#pragma once
// The workbench window: the model panel (dock), central tabs (Distributions, Plan, Compare, Results), the
// Jobs & Log dock and a status bar. Long work runs as jobs through the JobRunner.
#include "core/model/model.h"

#include <QMainWindow>
#include <functional>
#include <memory>

class QLabel;
class QMimeData;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;
class QDockWidget;
class QMenu;
class QPushButton;

namespace qs::widgets {
class ActivationView;
class CompareChartsView;
class DistributionView;
class PlanEditor;
class PlanModel;
class ResultsModel;
class ResultsView;
class TensorTableModel;
} // namespace qs::widgets

namespace qs::gui {

struct AppSettings;
class ActivationController;
class CompareChartsController;
class CompareController;
class DistributionsController;
class JobRunner;
class JobsDock;
class SensitivityTab;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads in the background; on failure shows a dialog and keeps the current model.
    void openModel(const QString& path);
    std::shared_ptr<const qs::Model> model() const { return model_; }
    QString statusText() const;
    // Set by tests and the screenshot mode: report errors through this instead of a modal dialog.
    void setErrorHandler(std::function<void(const QString&)> handler) { errorHandler_ = std::move(handler); }

    // Actions the menus trigger, callable from tests. They return the job id (0 when nothing started).
    int quantize();
    int exportModel(const QString& path, bool measureError, bool openFolder);
    // format: "hf-gptq", "hf-awq" or "safetensors-dequant"; `dir` the folder to write (see hf_export_job.h).
    int exportHf(const QString& format, const QString& dir, bool openFolder);
    int calibrate(); // input activations of every linear for the Distributions tab (Settings' calibration text)
    bool saveReport(const QString& path);
    int computeAllStatistics();
    int evaluate(); // PPL and KLD of the current plan in memory against the original, into Results
    bool saveRecipe(const QString& path);
    bool loadRecipe(const QString& pathOrPreset);
    void applySettings(const AppSettings& settings); // saves them and applies what can change live
    bool exportPlot(const QString& path);
    void selectTensor(int tensorIndex);
    void selectTensors(const QList<int>& tensorIndices); // the first becomes current; the rest join the selection
    // Widens the model panel over most of the window and sorts it by `column`, descending.
    void showModelPanelWide(int column);
    void setTensorColumnVisible(int column, bool visible);
    int selectedTensor() const; // -1 when none

    qs::widgets::TensorTableModel* tensorTable() const { return tableModel_; }
    qs::widgets::DistributionView* distributionView() const { return distributionView_; }
    DistributionsController* distributions() const { return distributions_; }
    qs::widgets::PlanModel* planModel() const { return planModel_; }
    qs::widgets::PlanEditor* planEditor() const { return planEditor_; }
    qs::widgets::ResultsModel* resultsModel() const { return resultsModel_; }
    qs::widgets::ResultsView* resultsView() const { return resultsView_; }
    CompareController* compare() const { return compare_; }
    ActivationController* activations() const { return activations_; }
    qs::widgets::ActivationView* activationView() const { return activationView_; }
    CompareChartsController* compareCharts() const { return compareCharts_; }
    QWidget* distributionsTab() const { return distributionsTab_; }
    QWidget* compareTab() const { return compareTab_; }
    QList<int> selectedTensors() const; // every selected row of the model panel, in selection order
    SensitivityTab* sensitivity() const { return sensitivity_; }
    JobRunner* jobRunner() const { return runner_; }
    JobsDock* jobsDock() const { return jobsDock_; }
    QTabWidget* tabs() const { return tabs_; }

signals:
    void modelLoaded(const QString& path);
    void modelLoadFailed(const QString& message);
    void resultsChanged();
    void exported(const QString& path);
    void selectedTensorChanged(int tensorIndex);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createModelDock();
    void createTabs();
    void createActions();
    void retranslate(); // every text the window sets itself (the panels retranslate their own), also after a language switch
    void chooseAndOpen(bool folder);
    void openExample();
    void showExportDialog();
    void chooseReportPath();
    void chooseRecipeToLoad();
    void chooseRecipeToSave();
    void choosePlotPath();
    void showSettings();
    void setModel(std::shared_ptr<const qs::Model> model);
    void showError(const QString& title, const QString& message);
    void updateStatus();
    bool refuseSpecOverrides(); // GGUF export cannot hold Compare's integer grids
    void fitTensorColumns();
    void updateMemory();
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    static QString droppedModelPath(const QMimeData* mime);

    std::shared_ptr<const qs::Model> model_;
    qs::widgets::TensorTableModel* tableModel_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QDockWidget* modelDock_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    qs::widgets::DistributionView* distributionView_ = nullptr;
    DistributionsController* distributions_ = nullptr;
    qs::widgets::PlanModel* planModel_ = nullptr;
    qs::widgets::PlanEditor* planEditor_ = nullptr;
    qs::widgets::ResultsModel* resultsModel_ = nullptr;
    qs::widgets::ResultsView* resultsView_ = nullptr;
    CompareController* compare_ = nullptr;
    ActivationController* activations_ = nullptr;
    qs::widgets::ActivationView* activationView_ = nullptr;
    CompareChartsController* compareCharts_ = nullptr;
    QWidget* distributionsTab_ = nullptr;
    QWidget* compareTab_ = nullptr;
    SensitivityTab* sensitivity_ = nullptr;
    JobRunner* runner_ = nullptr;
    JobsDock* jobsDock_ = nullptr;
    QLabel* statusModel_ = nullptr;
    QLabel* statusParams_ = nullptr;
    QLabel* statusSize_ = nullptr;
    QLabel* statusThreads_ = nullptr;
    QLabel* statusMemory_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QPushButton* loadRecipeButton_ = nullptr; // in the Plan tab
    QPushButton* saveRecipeButton_ = nullptr;
    QPushButton* saveReportButton_ = nullptr; // in the Results tab
    QPushButton* exportButton_ = nullptr;
    std::function<void(const QString&)> errorHandler_;
    int loadsInFlight_ = 0;
};

QString defaultModelPath();

} // namespace qs::gui
