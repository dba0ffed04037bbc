#include "app/gui/main_window.h"

#include "core/util/error.h"
#include "widgets/tensor_table_model.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace qs::gui {

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
    setWindowTitle(tr("Quantscope"));
    tableModel_ = new qs::widgets::TensorTableModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(tableModel_);
    proxy_->setSortRole(qs::widgets::TensorTableModel::SortRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);

    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    filter_ = new QLineEdit(panel);
    filter_->setPlaceholderText(tr("Filter tensors (name, role, type)…"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    table_ = new QTableView(panel);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(filter_);
    layout->addWidget(table_);

    tabs_ = new QTabWidget(this);
    tabs_->addTab(panel, tr("Tensors"));
    setCentralWidget(tabs_);

    statusModel_ = new QLabel(this);
    statusSize_ = new QLabel(this);
    statusBar()->addWidget(statusModel_, 1);
    statusBar()->addPermanentWidget(statusSize_);
    createActions();
    updateStatus();
    resize(1100, 700);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
}

MainWindow::~MainWindow() {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFolder = file->addAction(tr("Open &Folder…"), this, [this] { chooseAndOpen(true); });
    openFolder->setShortcut(QKeySequence::Open);
    openFolder->setToolTip(tr("Open a Hugging Face model folder (config.json + safetensors)"));
    QAction* openFile = file->addAction(tr("Open &GGUF File…"), this, [this] { chooseAndOpen(false); });
    openFile->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

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
                emit self->modelLoaded(path);
            } else {
                self->updateStatus();
                self->showError(error);
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
    table_->resizeColumnsToContents();
    setWindowTitle(tr("%1 — Quantscope").arg(QFileInfo(QString::fromStdString(model_->path())).fileName()));
    updateStatus();
}

void MainWindow::showError(const QString& message) {
    if (errorHandler_) {
        errorHandler_(message);
        return;
    }
    QMessageBox::critical(this, tr("Cannot open model"), message);
}

QString MainWindow::statusText() const { return statusModel_->text() + QStringLiteral(" | ") + statusSize_->text(); }

void MainWindow::updateStatus() {
    if (!model_) {
        statusModel_->setText(tr("No model open — File → Open, or Help → Open Example Model"));
        statusSize_->clear();
        return;
    }
    const auto& hp = model_->hparams();
    statusModel_->setText(tr("%1 · %2 · %3 layers · %4 tensors")
                              .arg(QString::fromStdString(model_->path()), QString::fromStdString(hp.architecture))
                              .arg(hp.numLayers)
                              .arg(model_->tensors().size()));
    statusSize_->setText(tr("%1 parameters · %2 · %3 bits/weight")
                             .arg(qs::widgets::formatCount(model_->totalParams()),
                                  qs::widgets::formatBytes(double(model_->totalBytes())))
                             .arg(model_->bitsPerWeight(), 0, 'f', 2));
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
