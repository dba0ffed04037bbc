#include "app/gui/main_window.h"

#include "app/gui/activation_controller.h"
#include "app/gui/compare_charts_controller.h"
#include "app/gui/compare_controller.h"
#include "app/gui/dark_palette.h"
#include "app/gui/hf_export_job.h"
#include "app/gui/language.h"
#include "app/gui/distributions_controller.h"
#include "app/gui/export_dialog.h"
#include "app/gui/job_runner.h"
#include "app/gui/jobs_dock.h"
#include "app/gui/plan_recipe.h"
#include "app/gui/plot_export.h"
#include "app/gui/process_memory.h"
#include "app/gui/quantize_job.h"
#include "app/gui/sensitivity_tab.h"
#include "app/gui/settings.h"
#include "app/gui/settings_dialog.h"
#include "core/util/error.h"
#include "widgets/activation_view.h"
#include "widgets/compare_charts.h"
#include "widgets/compare_view.h"
#include "widgets/distribution_view.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_editor.h"
#include "widgets/plan_model.h"
#include "widgets/results_model.h"
#include "widgets/results_view.h"
#include "widgets/table_style.h"
#include "widgets/tensor_table_model.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>
#include <qcustomplot.h>

namespace qs::gui {

using qs::widgets::formatBytes;
using qs::widgets::formatCount;

QString defaultModelPath() {
    QSettings settings;
    QString fromSettings = settings.value(QStringLiteral("example/model")).toString();
    if (!fromSettings.isEmpty()) return fromSettings;
    // Packaged builds look in the install prefix's data dir; development builds use ../shared.
    const QString packaged = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/quantscope/models/austen-5m");
    if (QFileInfo::exists(packaged)) return QDir::cleanPath(packaged);
    return QStringLiteral(QS_DEFAULT_MODEL);
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    runner_ = new JobRunner(new qs::widgets::JobsModel(this), this);
    runner_->setThreads(AppSettings::load().threads);
    createModelDock();
    createTabs();
    jobsDock_ = new JobsDock(runner_, this);
    addDockWidget(Qt::BottomDockWidgetArea, jobsDock_);

    statusModel_ = new QLabel(this);
    statusParams_ = new QLabel(this);
    statusSize_ = new QLabel(this);
    statusThreads_ = new QLabel(this);
    statusMemory_ = new QLabel(this);
    statusBar()->addWidget(statusModel_, 1);
    for (QLabel* l : {statusParams_, statusSize_, statusThreads_, statusMemory_}) statusBar()->addPermanentWidget(l);
    auto* memoryTimer = new QTimer(this);
    connect(memoryTimer, &QTimer::timeout, this, &MainWindow::updateMemory);
    memoryTimer->start(1000);

    retranslate(); // the menus, every text of the window's own widgets, the status bar
    resize(1400, 860);
    resizeDocks({modelDock_}, {560}, Qt::Horizontal);
    resizeDocks({jobsDock_}, {170}, Qt::Vertical);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    table_->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/tensorColumns")).toByteArray());
    if (isDarkPalette()) stylePlots(this); // QCustomPlot paints white unless told the palette is dark
}

MainWindow::~MainWindow() {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tensorColumns"), table_->horizontalHeader()->saveState());
    delete runner_; // cancels and waits for running jobs before the models they update go away
    runner_ = nullptr;
}

void MainWindow::createModelDock() {
    tableModel_ = new qs::widgets::TensorTableModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(tableModel_);
    proxy_->setSortRole(qs::widgets::TensorTableModel::SortRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterRole(qs::widgets::TensorTableModel::SortRole); // full names, not the shortened ones

    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    filter_ = new QLineEdit(panel);
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    table_ = new QTableView(panel);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection); // Ctrl+click: overlay up to four tensors
    table_->setAlternatingRowColors(true);
    table_->setTextElideMode(Qt::ElideMiddle);
    qs::widgets::makeCompact(table_);
    qs::widgets::addColumnMenu(table_);
    table_->horizontalHeader()->setStretchLastSection(true);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex&, const QModelIndex&) { emit selectedTensorChanged(selectedTensor()); });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (activations_) activations_->setOverlay(selectedTensors());
    });
    layout->addWidget(filter_);
    layout->addWidget(table_);

    modelDock_ = new QDockWidget(this);
    modelDock_->setObjectName(QStringLiteral("modelDock"));
    modelDock_->setWidget(panel);
    addDockWidget(Qt::LeftDockWidgetArea, modelDock_);
}

void MainWindow::createTabs() {
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);

    distributionView_ = new qs::widgets::DistributionView(tabs_);
    distributions_ = new DistributionsController(runner_, tableModel_, distributionView_, this);
    connect(this, &MainWindow::selectedTensorChanged, distributions_, &DistributionsController::showTensor);
    connect(distributionView_, &qs::widgets::DistributionView::exportRequested, this, &MainWindow::choosePlotPath);
    // Below the weights: the input activations once calibrated, and the multi-tensor overlay.
    activationView_ = new qs::widgets::ActivationView(tabs_);
    activations_ = new ActivationController(runner_, activationView_, this);
    connect(this, &MainWindow::selectedTensorChanged, activations_, &ActivationController::showTensor);
    auto* distributionsSplit = new QSplitter(Qt::Vertical, tabs_);
    distributionsSplit->addWidget(distributionView_);
    distributionsSplit->addWidget(activationView_);
    distributionsSplit->setStretchFactor(0, 3);
    distributionsSplit->setStretchFactor(1, 2);
    distributionView_->plot()->setMinimumHeight(220); // room for the activations below at 860 px
    distributionsSplit->setSizes({340, 260});
    distributionsTab_ = distributionsSplit;
    tabs_->addTab(distributionsTab_, QString()); // tab titles: retranslate

    planModel_ = new qs::widgets::PlanModel(this);
    planEditor_ = new qs::widgets::PlanEditor(planModel_, tabs_);
    connect(planModel_, &qs::widgets::PlanModel::planChanged, this, [this] {
        tableModel_->setPlan(planModel_->plan(), planModel_->specOverrides());
        updateStatus();
    });
    loadRecipeButton_ = new QPushButton(planEditor_->actionsBar());
    connect(loadRecipeButton_, &QPushButton::clicked, this, &MainWindow::chooseRecipeToLoad);
    saveRecipeButton_ = new QPushButton(planEditor_->actionsBar());
    connect(saveRecipeButton_, &QPushButton::clicked, this, &MainWindow::chooseRecipeToSave);
    planEditor_->actionsBar()->layout()->addWidget(loadRecipeButton_);
    planEditor_->actionsBar()->layout()->addWidget(saveRecipeButton_);
    tabs_->addTab(planEditor_, QString());

    sensitivity_ = new SensitivityTab(runner_, planModel_, tabs_);
    connect(sensitivity_, &SensitivityTab::message, this, [this](const QString& m) { jobsDock_->log(m); });
    tabs_->addTab(sensitivity_, QString());

    compare_ = new CompareController(runner_, planModel_, tabs_, this);
    connect(compare_, &CompareController::failed, this, [this](const QString& m) { jobsDock_->log(tr("Compare failed: %1").arg(m)); });
    // The error histograms beside the per-layer table, the size-vs-PPL scatter beside the summary.
    auto* compareCharts = new qs::widgets::CompareChartsView(compare_->view());
    compareCharts->attachTo(compare_->view());
    compareCharts_ = new CompareChartsController(runner_, compare_, compareCharts, this);
    compareTab_ = compare_->view();
    tabs_->addTab(compareTab_, QString());

    resultsModel_ = new qs::widgets::ResultsModel(this);
    resultsView_ = new qs::widgets::ResultsView(resultsModel_, tabs_);
    saveReportButton_ = new QPushButton(resultsView_->actionsBar());
    connect(saveReportButton_, &QPushButton::clicked, this, &MainWindow::chooseReportPath);
    exportButton_ = new QPushButton(resultsView_->actionsBar());
    connect(exportButton_, &QPushButton::clicked, this, &MainWindow::showExportDialog);
    resultsView_->actionsBar()->layout()->addWidget(saveReportButton_);
    resultsView_->actionsBar()->layout()->addWidget(exportButton_);
    tabs_->addTab(resultsView_, QString());
    setCentralWidget(tabs_);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFolder = file->addAction(tr("Open &Folder…"), this, [this] { chooseAndOpen(true); });
    openFolder->setShortcut(QKeySequence::Open);
    openFolder->setStatusTip(tr("Open a Hugging Face model folder (config.json + safetensors)"));
    QAction* openFile = file->addAction(tr("Open &GGUF File…"), this, [this] { chooseAndOpen(false); });
    openFile->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openFile->setStatusTip(tr("Open a llama.cpp GGUF file"));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* loadRecipeAction = file->addAction(tr("&Load Recipe…"), this, &MainWindow::chooseRecipeToLoad);
    loadRecipeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    loadRecipeAction->setStatusTip(tr("Replace the plan with a recipe JSON file"));
    QAction* saveRecipeAction = file->addAction(tr("Sa&ve Recipe…"), this, &MainWindow::chooseRecipeToSave);
    saveRecipeAction->setShortcut(QKeySequence::Save);
    saveRecipeAction->setStatusTip(tr("Write the plan as a recipe JSON file for quantscope-cli"));
    file->addSeparator();
    QAction* exportAction = file->addAction(tr("&Export…"), this, &MainWindow::showExportDialog);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setStatusTip(tr("Quantize with the current plan and write a GGUF file or a Hugging Face folder"));
    QAction* report = file->addAction(tr("Save &Report JSON…"), this, &MainWindow::chooseReportPath);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = planModel_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = planModel_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* find = edit->addAction(tr("&Filter Tensors"), this, [this] {
        modelDock_->show();
        filter_->setFocus();
        filter_->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    edit->addSeparator();
    QAction* prefs = edit->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    prefs->setShortcut(QKeySequence::Preferences);
    if (prefs->shortcut().isEmpty()) prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    prefs->setMenuRole(QAction::PreferencesRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* quantizeAction = run->addAction(tr("&Quantize Plan"), this, [this] { quantize(); });
    quantizeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    quantizeAction->setStatusTip(tr("Quantize every tensor as planned and measure its error (runs as a job)"));
    QAction* stats = run->addAction(tr("Compute All &Statistics"), this, [this] { computeAllStatistics(); });
    stats->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    stats->setStatusTip(tr("Absmax, kurtosis and outlier share of every tensor, for the model panel's columns (runs as a job)"));
    QAction* evaluateAction = run->addAction(tr("&Evaluate Plan"), this, [this] { evaluate(); });
    evaluateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    evaluateAction->setStatusTip(tr("Quantize the plan in memory and measure its perplexity and KL divergence against the original (runs as a job)"));
    QAction* calibrateAction = run->addAction(tr("C&alibrate"), this, [this] {
        tabs_->setCurrentWidget(distributionsTab_);
        calibrate();
    });
    calibrateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    calibrateAction->setStatusTip(tr("Run the model on the calibration text and record every linear layer's input activations (runs as a job)"));
    QAction* compareAction = run->addAction(tr("Compare &Methods"), this, [this] {
        tabs_->setCurrentWidget(compareTab_);
        compare_->run();
    });
    compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    compareAction->setStatusTip(tr("Quantize the chosen layers with each method of the Compare tab and evaluate the model (runs as a job)"));
    run->addSeparator();
    QAction* cancelAll = run->addAction(tr("&Cancel All Jobs"), runner_, &JobRunner::cancelAll);
    cancelAll->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(modelDock_->toggleViewAction());
    view->addAction(jobsDock_->toggleViewAction());
    view->addSeparator();
    for (int i = 0; i < tabs_->count(); ++i) {
        QAction* a = view->addAction(tabs_->tabText(i), this, [this, i] { tabs_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Open &Example Model"), this, [this] { openExample(); });
    help->addAction(tr("&About Quantscope"), this, [this] {
        QMessageBox::about(this, tr("About Quantscope"),
                           tr("Quantscope %1 — a workbench for post-training quantization of language models.\n"
                              "License: GPL-3.0-or-later.")
                               .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::chooseAndOpen(bool folder) {
    QSettings settings;
    const QString start = settings.value(QStringLiteral("open/lastDir")).toString();
    const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), start)
                                : QFileDialog::getOpenFileName(this, tr("Open GGUF File"), start,
                                                               tr("GGUF files (*.gguf);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("open/lastDir"), QFileInfo(path).absolutePath());
    openModel(path);
}

void MainWindow::openExample() { openModel(defaultModelPath()); }

void MainWindow::openModel(const QString& path) {
    statusModel_->setText(tr("Opening %1…").arg(path));
    ++loadsInFlight_;
    QPointer<MainWindow> self(this);
    // Parse and validate off the GUI thread; hand the finished Model back through a queued call.
    QThread* worker = QThread::create([self, path] {
        std::shared_ptr<const qs::Model> model;
        QString error;
        try {
            model = std::make_shared<const qs::Model>(qs::loadModel(path.toStdString()));
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        if (!self) return;
        QMetaObject::invokeMethod(self, [self, model, error, path] {
            if (!self) return;
            --self->loadsInFlight_;
            if (model) {
                self->setModel(model);
                self->addRecent(path);
                self->jobsDock_->log(tr("Opened %1").arg(path));
                emit self->modelLoaded(path);
            } else {
                self->updateStatus();
                self->jobsDock_->log(tr("Cannot open %1: %2").arg(path, error));
                self->showError(tr("Cannot open model"), error);
                emit self->modelLoadFailed(error);
            }
        }, Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void MainWindow::setModel(std::shared_ptr<const qs::Model> model) {
    model_ = std::move(model);
    tableModel_->setModel(model_);
    planModel_->setModel(model_);
    compare_->setModel(model_);
    sensitivity_->setModel(model_);
    distributions_->setModel(model_);
    activations_->setModel(model_);
    compareCharts_->setModel(model_);
    resultsModel_->clear();
    fitTensorColumns();
    setWindowTitle(tr("%1 — Quantscope").arg(QFileInfo(QString::fromStdString(model_->path())).fileName()));
    updateStatus();
    emit resultsChanged();
}

void MainWindow::selectTensor(int tensorIndex) {
    const QModelIndex i = proxy_->mapFromSource(tableModel_->index(tensorIndex, 0));
    if (!i.isValid()) return;
    table_->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(i);
}

void MainWindow::selectTensors(const QList<int>& tensorIndices) {
    if (tensorIndices.isEmpty()) return;
    QItemSelection selection;
    for (int t : tensorIndices) {
        const QModelIndex i = proxy_->mapFromSource(tableModel_->index(t, 0));
        if (i.isValid()) selection.select(i, i);
    }
    const QModelIndex first = proxy_->mapFromSource(tableModel_->index(tensorIndices.first(), 0));
    if (!first.isValid()) return;
    table_->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows); // one overlay job
    table_->scrollTo(first);
}

void MainWindow::setTensorColumnVisible(int column, bool visible) { table_->horizontalHeader()->setSectionHidden(column, !visible); }

void MainWindow::fitTensorColumns() {
    table_->resizeColumnsToContents();
    // Long names are elided in the middle (the full name is in the tooltip), leaving room for the metrics.
    const int name = qs::widgets::TensorTableModel::Name;
    table_->setColumnWidth(name, std::min(table_->columnWidth(name), 40 * table_->fontMetrics().averageCharWidth()));
}

void MainWindow::showModelPanelWide(int column) {
    modelDock_->show();
    resizeDocks({modelDock_}, {width() * 4 / 5}, Qt::Horizontal);
    fitTensorColumns();
    table_->sortByColumn(column, Qt::DescendingOrder);
}

QList<int> MainWindow::selectedTensors() const {
    QList<int> rows;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows << proxy_->mapToSource(i).row();
    return rows;
}

int MainWindow::selectedTensor() const {
    const QModelIndex i = table_->selectionModel()->currentIndex();
    return i.isValid() ? proxy_->mapToSource(i).row() : -1;
}

void MainWindow::showError(const QString& title, const QString& message) {
    if (errorHandler_) {
        errorHandler_(message);
        return;
    }
    QMessageBox::critical(this, title, message);
}

bool MainWindow::refuseSpecOverrides() {
    if (!planModel_->hasSpecOverrides()) return false;
    showError(tr("Plan not exportable as GGUF"),
              tr("Some tensors are planned with a method and integer grid chosen in Compare, which GGUF types cannot hold. "
                 "Set a GGUF type for them in the Plan tab first."));
    return true;
}

int MainWindow::quantize() {
    if (!model_ || refuseSpecOverrides()) return 0;
    auto model = model_;
    auto plan = planModel_->plan();
    return runner_->start(tr("Quantize %1").arg(QFileInfo(QString::fromStdString(model->path())).fileName()),
                          [this, model, plan](JobContext& ctx) -> JobResult {
        QTemporaryDir dir; // the file is only a by-product of measuring: it goes away with the directory
        if (!dir.isValid()) throw qs::Error("quantize", "cannot create a temporary directory");
        auto report = std::make_shared<qs::GgufExportReport>(
            quantizePlan(*model, plan, dir.filePath(QStringLiteral("plan.gguf")).toStdString(), true, ctx));
        return [this, model, report] {
            if (model != model_) return; // another model was opened meanwhile
            resultsModel_->setReport(*report, model->totalBytes());
            tableModel_->setErrors(relativeErrors(*model, *report));
            emit resultsChanged();
        };
    });
}

int MainWindow::exportModel(const QString& path, bool measureError, bool openFolder) {
    if (!model_ || refuseSpecOverrides()) return 0;
    auto model = model_;
    auto plan = planModel_->plan();
    return runner_->start(tr("Export %1").arg(QFileInfo(path).fileName()),
                          [this, model, plan, path, measureError, openFolder](JobContext& ctx) -> JobResult {
        auto report = std::make_shared<qs::GgufExportReport>(quantizePlan(*model, plan, path.toStdString(), measureError, ctx));
        return [this, model, report, path, openFolder] {
            jobsDock_->log(tr("Wrote %1 (%2)").arg(path, formatBytes(double(report->fileBytes))));
            for (const auto& w : report->warnings) jobsDock_->log(tr("Warning: %1").arg(QString::fromStdString(w)));
            if (model == model_) {
                resultsModel_->setReport(*report, model->totalBytes());
                tableModel_->setErrors(relativeErrors(*model, *report));
                emit resultsChanged();
            }
            if (openFolder) QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
            emit exported(path);
        };
    });
}

void MainWindow::showExportDialog() {
    if (!model_) return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/lastDir"), QDir::homePath()).toString();
    const QString base = QFileInfo(QString::fromStdString(model_->path())).completeBaseName();
    const QString format =
        suggestedExportFormat(planRecipe(*model_, {planModel_->plan(), planModel_->specOverrides()}, AppSettings::load(), "plan"));
    ExportDialog dialog(QDir(dir).filePath(base + QStringLiteral("-quantized.gguf")), this, format);
    if (dialog.exec() != QDialog::Accepted) return;
    const ExportRequest r = dialog.request();
    settings.setValue(QStringLiteral("export/lastDir"), QFileInfo(r.path).absolutePath());
    if (r.format == QStringLiteral("gguf")) exportModel(r.path, r.measureError, r.openFolder);
    else exportHf(r.format, r.path, r.openFolder);
}

int MainWindow::exportHf(const QString& format, const QString& dir, bool openFolder) {
    if (!model_) return 0;
    auto model = model_;
    const qs::Recipe recipe = planRecipe(*model, {planModel_->plan(), planModel_->specOverrides()}, AppSettings::load(),
                                         QFileInfo(dir).fileName().toStdString());
    return runner_->start(tr("Export %1 (%2)").arg(QFileInfo(dir).fileName(), format),
                          [this, model, recipe, format, dir, openFolder](JobContext& ctx) -> JobResult {
        auto report = std::make_shared<const nlohmann::json>(runHfExport(model->path(), recipe, format, dir, ctx));
        return [this, report, dir, openFolder] {
            jobsDock_->log(tr("Wrote %1").arg(dir));
            if (report->contains("notes"))
                for (const auto& n : (*report)["notes"])
                    if (n.is_string()) jobsDock_->log(tr("Note: %1").arg(QString::fromStdString(n.get<std::string>())));
            if (openFolder) QDesktopServices::openUrl(QUrl::fromLocalFile(dir));
            emit exported(dir);
        };
    });
}

int MainWindow::calibrate() { return activations_->calibrate(); }

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && tabs_) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
    const std::pair<QWidget*, QString> pages[] = {{distributionsTab_, tr("Distributions")}, {planEditor_, tr("Plan")},
                                                  {sensitivity_, tr("Sensitivity")},       {compareTab_, tr("Compare")},
                                                  {resultsView_, tr("Results")}};
    for (const auto& [page, title] : pages)
        if (int at = tabs_->indexOf(page); at >= 0) tabs_->setTabText(at, title);
    // Menus are rebuilt (their texts, shortcuts and status tips all come from createActions).
    for (QAction* a : menuBar()->actions())
        if (QMenu* m = a->menu()) m->deleteLater();
    menuBar()->clear();
    createActions();
    modelDock_->setWindowTitle(tr("Model"));
    modelDock_->toggleViewAction()->setText(tr("&Model Panel")); // after the title, which also sets it
    filter_->setPlaceholderText(tr("Filter tensors (name, role, type)…"));
    filter_->setToolTip(tr("Show only tensors whose name, role, block or type contains this text (Ctrl+F)."));
    table_->horizontalHeader()->setToolTip(tr("Right-click to show or hide columns; click to sort."));
    qs::widgets::retranslateModel(tableModel_); // the other tables' views retranslate their models
    loadRecipeButton_->setText(tr("Load Recipe…"));
    loadRecipeButton_->setToolTip(tr("Replace the plan with a recipe JSON file (the CLI's schema), resolved on this model (one undo step)."));
    saveRecipeButton_->setText(tr("Save Recipe…"));
    saveRecipeButton_->setToolTip(tr("Write the plan as a recipe JSON file that quantscope-cli quantize --recipe runs."));
    saveReportButton_->setText(tr("Save Report JSON…"));
    saveReportButton_->setToolTip(tr("Write the per-tensor report of the last run as JSON (the CLI's --report format)."));
    exportButton_->setText(tr("Export…"));
    exportButton_->setToolTip(tr("Write the quantized model as GGUF or a Hugging Face GPTQ/AWQ/float folder (runs as a job)."));
    statusParams_->setToolTip(tr("Number of weights in the model."));
    statusSize_->setToolTip(tr("Size of the model as opened → size after quantizing with the current plan, in bits per weight."));
    statusThreads_->setToolTip(tr("Threads the core thread pool uses for jobs (Settings)."));
    statusMemory_->setToolTip(tr("Memory this process holds in RAM (resident set)."));
    if (model_) setWindowTitle(tr("%1 — Quantscope").arg(QFileInfo(QString::fromStdString(model_->path())).fileName()));
    else setWindowTitle(tr("Quantscope"));
    updateStatus();
    updateMemory();
}

bool MainWindow::saveReport(const QString& path) {
    if (!resultsModel_->hasReport()) return false;
    QSaveFile f(path);
    const std::string text = qs::toJson(resultsModel_->report()).dump(2) + "\n";
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) || !f.commit()) {
        showError(tr("Cannot save report"), tr("%1: %2").arg(path, f.errorString()));
        return false;
    }
    jobsDock_->log(tr("Saved report %1").arg(path));
    return true;
}

void MainWindow::chooseReportPath() {
    if (!resultsModel_->hasReport()) {
        showError(tr("No report"), tr("Run Quantize (Ctrl+R) first."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Report JSON"), QString(), tr("JSON files (*.json)"));
    if (!path.isEmpty()) saveReport(path);
}

void MainWindow::showSettings() {
    const AppSettings before = AppSettings::load();
    SettingsDialog dialog(before, this);
    if (dialog.exec() == QDialog::Accepted) applySettings(dialog.settings());
}

void MainWindow::applySettings(const AppSettings& settings) {
    const AppSettings before = AppSettings::load();
    settings.save();
    runner_->setThreads(settings.threads);
    updateStatus();
    jobsDock_->log(tr("Settings saved."));
    if (settings.darkPalette != before.darkPalette) {
        if (settings.darkPalette) applyDarkPalette();
        else applyStartupPalette();
        stylePlots(this);
    }
    if (settings.language != before.language) {
        if (installLanguage(settings.language)) jobsDock_->log(tr("Language switched."));
        else jobsDock_->log(tr("No translation for %1; the language is unchanged.").arg(settings.language));
    }
}

int MainWindow::evaluate() {
    if (!model_) return 0;
    auto model = model_;
    const qs::Recipe recipe = planRecipe(*model, {planModel_->plan(), planModel_->specOverrides()}, AppSettings::load(), "plan");
    return runner_->start(tr("Evaluate plan on %1").arg(QFileInfo(QString::fromStdString(model->path())).fileName()),
                          [this, model, recipe](JobContext& ctx) -> JobResult {
        auto errors = std::make_shared<std::vector<std::optional<double>>>();
        const qs::KldResult result = evaluatePlanJob(*model, recipe, ctx, errors.get());
        return [this, model, result, errors] {
            if (model != model_) return;
            resultsModel_->setEvaluation(result);
            tableModel_->setErrors(*errors); // the model panel's error column, GPTQ/AWQ grids included
            jobsDock_->log(resultsModel_->evaluationText());
            emit resultsChanged();
        };
    });
}

bool MainWindow::saveRecipe(const QString& path) {
    if (!model_) return false;
    const std::string name = QFileInfo(path).completeBaseName().toStdString();
    const std::string text =
        qs::toJson(planRecipe(*model_, {planModel_->plan(), planModel_->specOverrides()}, AppSettings::load(), name)).dump(2) + "\n";
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) || !f.commit()) {
        showError(tr("Cannot save recipe"), tr("%1: %2").arg(path, f.errorString()));
        return false;
    }
    jobsDock_->log(tr("Saved recipe %1").arg(path));
    return true;
}

bool MainWindow::loadRecipe(const QString& pathOrPreset) {
    if (!model_) return false;
    qs::Recipe recipe;
    try {
        recipe = qs::loadRecipe(pathOrPreset.toStdString());
        const PlanState s = planFromRecipe(*model_, recipe, planModel_->plan());
        planModel_->applyPlan(s.plan, tr("Recipe %1").arg(QFileInfo(pathOrPreset).fileName()), s.specs);
    } catch (const std::exception& e) {
        showError(tr("Cannot load recipe"), QString::fromUtf8(e.what()));
        return false;
    }
    jobsDock_->log(tr("Loaded recipe %1").arg(pathOrPreset));
    // The recipe's calibration and evaluation settings become the window's (texts only when the recipe names one).
    if (recipe.calibration || recipe.evaluation) {
        AppSettings s = AppSettings::load();
        const AppSettings before = s;
        if (const auto& c = recipe.calibration) {
            if (!c->text.empty()) s.calibrationText = QString::fromStdString(c->text);
            s.samples = int(c->samples);
            s.sequenceLength = int(c->seqLen);
        }
        if (const auto& e = recipe.evaluation) {
            if (!e->text.empty()) s.evaluationText = QString::fromStdString(e->text);
            s.context = int(e->ctx);
            s.chunks = int(e->chunks);
        }
        if (!(s == before)) {
            s.save();
            jobsDock_->log(tr("Settings from the recipe: calibration %1 × %2 tokens, evaluation context %3, %4 chunk(s)")
                               .arg(s.samples)
                               .arg(s.sequenceLength)
                               .arg(s.context)
                               .arg(s.chunks));
        }
    }
    return true;
}

void MainWindow::chooseRecipeToLoad() {
    if (!model_) return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("recipe/lastDir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Recipe"), dir, tr("Recipe JSON (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("recipe/lastDir"), QFileInfo(path).absolutePath());
    loadRecipe(path);
}

void MainWindow::chooseRecipeToSave() {
    if (!model_) return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("recipe/lastDir"), QDir::homePath()).toString();
    const QString base = QFileInfo(QString::fromStdString(model_->path())).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Recipe"), QDir(dir).filePath(base + QStringLiteral("-recipe.json")),
                                                      tr("Recipe JSON (*.json)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("recipe/lastDir"), QFileInfo(path).absolutePath());
    saveRecipe(path);
}

int MainWindow::computeAllStatistics() { return distributions_->computeAll(); }

bool MainWindow::exportPlot(const QString& path) {
    QString error;
    if (!savePlot(distributionView_->plot(), path, &error)) {
        showError(tr("Cannot export plot"), error);
        return false;
    }
    jobsDock_->log(tr("Saved plot %1").arg(path));
    return true;
}

void MainWindow::choosePlotPath() {
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("plot/lastDir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Plot"), dir,
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("plot/lastDir"), QFileInfo(path).absolutePath());
    exportPlot(path);
}

QString MainWindow::statusText() const {
    QStringList parts;
    for (QLabel* l : {statusModel_, statusParams_, statusSize_, statusThreads_, statusMemory_})
        if (!l->text().isEmpty()) parts << l->text();
    return parts.join(QStringLiteral(" | "));
}

void MainWindow::updateStatus() {
    statusThreads_->setText(tr("%n thread(s)", nullptr, runner_->threads()));
    if (!model_) {
        statusModel_->setText(tr("No model open — File → Open, drop a folder or .gguf here, or Help → Open Example Model"));
        statusParams_->clear();
        statusSize_->clear();
        return;
    }
    const auto& hp = model_->hparams();
    statusModel_->setText(tr("%1 · %2 · %3 layers · %4 tensors")
                              .arg(QFileInfo(QString::fromStdString(model_->path())).fileName(),
                                   QString::fromStdString(hp.architecture))
                              .arg(hp.numLayers)
                              .arg(model_->tensors().size()));
    statusModel_->setToolTip(QString::fromStdString(model_->path()));
    statusParams_->setText(tr("%1 parameters").arg(formatCount(model_->totalParams())));
    statusSize_->setText(tr("%1 → %2 · %3 → %4 bits/weight")
                             .arg(formatBytes(double(model_->totalBytes())), formatBytes(double(planModel_->plannedBytes())))
                             .arg(model_->bitsPerWeight(), 0, 'f', 2)
                             .arg(planModel_->plannedBitsPerWeight(), 0, 'f', 2));
}

void MainWindow::updateMemory() {
    const uint64_t rss = residentBytes();
    statusMemory_->setText(rss ? tr("%1 in use").arg(formatBytes(double(rss))) : QString());
}

QString MainWindow::droppedModelPath(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QUrl url = mime->urls().first();
    if (!url.isLocalFile()) return {};
    const QFileInfo info(url.toLocalFile());
    if (info.isDir() || (info.isFile() && info.suffix().compare(QStringLiteral("gguf"), Qt::CaseInsensitive) == 0))
        return info.absoluteFilePath();
    return {};
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedModelPath(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedModelPath(event->mimeData());
    if (path.isEmpty()) return;
    event->acceptProposedAction();
    openModel(path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (runner_->runningCount() > 0) {
        runner_->cancelAll();
        runner_->waitIdle(5000);
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("open/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8) recent.removeLast();
    settings.setValue(QStringLiteral("open/recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("open/recent")).toStringList();
    for (const QString& p : recent) recentMenu_->addAction(p, this, [this, p] { openModel(p); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

} // namespace qs::gui
