#include "widgets/compare_view.h"

#include "widgets/compare_models.h"
#include "widgets/table_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

namespace qs::widgets {
namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent) {
    auto* proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(CompareLayerModel::SortRole);
    auto* view = new QTableView(parent);
    view->setModel(proxy);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setTextElideMode(Qt::ElideMiddle);
    makeCompact(view);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

// "model.layers.0.self_attn.q_proj.weight" → "0.q_proj": short enough for an axis tick.
QString shortLayerName(QString name) {
    for (const char* part : {"model.", "layers.", "self_attn.", "mlp.", ".weight"}) name.remove(QLatin1String(part));
    return name;
}

QColor methodColor(int i) {
    static const QColor colors[] = {QColor(60, 110, 190), QColor(220, 120, 40), QColor(60, 160, 80), QColor(170, 70, 160)};
    return colors[i % 4];
}

} // namespace

CompareView::CompareView(CompareLayerModel* layers, CompareSummaryModel* summary, QWidget* parent)
    : QWidget(parent), layers_(layers), summary_(summary) {
    auto* controls = new QHBoxLayout;
    methodsLabel_ = new QLabel(this);
    controls->addWidget(methodsLabel_);
    for (auto m : {qs::QuantMethod::RTN, qs::QuantMethod::AWQ, qs::QuantMethod::GPTQ, qs::QuantMethod::HQQ}) {
        auto* box = new QCheckBox(methodLabel(m), this);
        box->setChecked(m != qs::QuantMethod::HQQ);
        methods_.emplace_back(m, box);
        controls->addWidget(box);
    }
    bits_ = new QSpinBox(this);
    bits_->setRange(2, 8);
    bits_->setValue(4);
    group_ = new QSpinBox(this);
    group_->setRange(0, 4096);
    group_->setSingleStep(32);
    group_->setValue(128);
    regex_ = new QLineEdit(this);
    regex_->setClearButtonEnabled(true);
    run_ = new QPushButton(this);
    connect(run_, &QPushButton::clicked, this, &CompareView::runRequested);
    controls->addWidget(bits_);
    controls->addWidget(group_);
    controls->addWidget(regex_, 1);
    controls->addWidget(run_);

    chart_ = new QCustomPlot(this);
    chart_->setMinimumHeight(160);
    chart_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    chart_->axisRect()->setRangeDrag(Qt::Horizontal);
    chart_->axisRect()->setRangeZoom(Qt::Horizontal);
    chart_->xAxis->setTickLabelRotation(45);
    // The legend in its own row above the axes, one entry per method side by side: it never covers a bar.
    chart_->plotLayout()->insertRow(0);
    chart_->plotLayout()->addElement(0, 0, chart_->legend);
    chart_->plotLayout()->setRowStretchFactor(0, 0.001);
    chart_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    chart_->legend->setBorderPen(Qt::NoPen);
    chart_->legend->setVisible(true);
    barsGroup_ = new QCPBarsGroup(chart_);
    barsGroup_->setSpacingType(QCPBarsGroup::stAbsolute);
    barsGroup_->setSpacing(1);

    layerView_ = makeTable(layers_, this);
    layerView_->setSortingEnabled(true);
    layerView_->sortByColumn(-1, Qt::AscendingOrder); // processing order until a column is clicked
    summaryView_ = makeTable(summary_, this);
    summaryView_->setSelectionMode(QAbstractItemView::NoSelection);
    summaryView_->horizontalHeader()->setStretchLastSection(false);

    chosen_ = new QComboBox(this);
    use_ = new QPushButton(this);
    connect(use_, &QPushButton::clicked, this, [this] { emit useRequested(selectedLayers(), chosenMethod()); });
    useBest_ = new QPushButton(this);
    connect(useBest_, &QPushButton::clicked, this, [this] {
        QList<int> all;
        for (int r = 0; r < layers_->rowCount(); ++r) all << r;
        emit useRequested(all, -1);
    });
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(status_, 1);
    bottom->addWidget(chosen_);
    bottom->addWidget(use_);
    bottom->addWidget(useBest_);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chart_);
    split->addWidget(layerView_);
    split->addWidget(summaryView_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 0);
    split->setSizes({300, 200, 120});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(split, 1);
    layout->addLayout(bottom);
    connect(layers_, &QAbstractItemModel::modelReset, this, &CompareView::refresh);
    connect(summary_, &QAbstractItemModel::modelReset, this, &CompareView::refresh);
    retranslate();
    refresh();
}

void CompareView::retranslate() {
    methodsLabel_->setText(tr("Methods:"));
    const QString tips[] = {tr("Round to nearest: each weight to the closest grid point, no calibration."),
                            tr("Activation-aware scaling of input channels before rounding (uses calibration text)."),
                            tr("Column-by-column rounding that compensates the error with the inputs' Hessian (uses calibration text)."),
                            tr("Half-quadratic optimisation of scales and zero points, no calibration.")}; // in the order of methods_
    for (size_t i = 0; i < methods_.size(); ++i) methods_[i].second->setToolTip(tips[i]);
    bits_->setPrefix(tr("bits "));
    bits_->setToolTip(tr("Bits per weight code on the integer grid."));
    group_->setPrefix(tr("group "));
    group_->setSpecialValueText(tr("per channel"));
    group_->setToolTip(tr("Input columns sharing one scale; 0 for one scale per output channel."));
    regex_->setPlaceholderText(tr("Tensors (regex, empty: all linears)"));
    regex_->setToolTip(tr("Compare only the decoder linears whose name matches this regular expression, e.g. layers\\.0\\."));
    run_->setText(tr("Compare"));
    run_->setToolTip(tr("Quantize the layers with each method and evaluate the whole model (runs as a job; calibration and evaluation text from Settings)."));
    chart_->setToolTip(tr("Relative output error of each layer, one bar per method: lower is better."));
    chart_->yAxis->setLabel(tr("rel. output error"));
    chosen_->setToolTip(tr("The method to plan for the selected layers."));
    use_->setText(tr("Use for Selected Layers"));
    use_->setToolTip(tr("Plan the chosen method on its grid for the layers selected in the table (one undo step)."));
    useBest_->setText(tr("Use Best per Layer"));
    useBest_->setToolTip(tr("Plan, for every compared layer, the method with the lowest relative output error (one undo step)."));
    retranslateModel(layers_);
    retranslateModel(summary_);
    labelChart();
    chart_->replot(QCustomPlot::rpQueuedReplot);
}

void CompareView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

CompareRequest CompareView::request() const {
    CompareRequest r;
    for (const auto& [m, box] : methods_)
        if (box->isChecked()) r.methods << m;
    r.bits = bits_->value();
    r.group = group_->value();
    r.tensorRegex = regex_->text();
    return r;
}

void CompareView::setRequest(const CompareRequest& r) {
    for (const auto& [m, box] : methods_) box->setChecked(r.methods.contains(m));
    bits_->setValue(r.bits);
    group_->setValue(r.group);
    regex_->setText(r.tensorRegex);
}

QList<int> CompareView::selectedLayers() const {
    QList<int> rows;
    const auto* proxy = static_cast<QSortFilterProxyModel*>(layerView_->model());
    for (const QModelIndex& i : layerView_->selectionModel()->selectedRows()) rows << proxy->mapToSource(i).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void CompareView::selectLayers(const QList<int>& rows) {
    const auto* proxy = static_cast<QSortFilterProxyModel*>(layerView_->model());
    layerView_->clearSelection();
    for (int r : rows)
        layerView_->selectionModel()->select(proxy->mapFromSource(layers_->index(r, 0)),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

int CompareView::chosenMethod() const { return chosen_->currentIndex(); }
void CompareView::setChosenMethod(int method) { chosen_->setCurrentIndex(method); }

void CompareView::setRunning(bool running) { run_->setEnabled(!running); }
void CompareView::setStatus(const QString& text) { status_->setText(text); }

void CompareView::refresh() {
    chosen_->clear();
    const auto& cmp = layers_->comparison();
    if (cmp)
        for (const auto& m : cmp->methods) chosen_->addItem(methodLabel(m.spec.method));
    const bool any = layers_->rowCount() > 0;
    use_->setEnabled(any);
    useBest_->setEnabled(any);
    chosen_->setEnabled(any);
    layerView_->resizeColumnsToContents();
    layerView_->setColumnWidth(0, std::min(layerView_->columnWidth(0), 40 * layerView_->fontMetrics().averageCharWidth()));
    summaryView_->resizeColumnsToContents();
    // The summary shows all its rows (the original and up to four methods) without scrolling.
    const int rows = std::max(3, summary_->rowCount());
    summaryView_->setMinimumHeight(summaryView_->horizontalHeader()->sizeHint().height() +
                                   rows * summaryView_->verticalHeader()->defaultSectionSize() + 2 * summaryView_->frameWidth() +
                                   summaryView_->horizontalScrollBar()->sizeHint().height());
    redrawChart();
}

int CompareView::chartBars() const {
    int n = 0;
    for (int i = 0; i < chart_->plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(chart_->plottable(i))) n += bars->dataCount();
    return n;
}

void CompareView::redrawChart() {
    chart_->clearPlottables();
    const int methods = layers_->methodCount(), rows = layers_->rowCount();
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const bool labelled = rows <= 40;
    for (int r = 0; labelled && r < rows; ++r) {
        ticker->addTick(double(r), shortLayerName(layers_->layerName(r)));
    }
    double top = 0;
    for (int m = 0; m < methods; ++m) {
        auto* bars = new QCPBars(chart_->xAxis, chart_->yAxis);
        bars->setPen(Qt::NoPen);
        bars->setBrush(methodColor(m));
        bars->setWidth(0.8 / std::max(1, methods));
        bars->setBarsGroup(barsGroup_);
        QVector<double> keys, values;
        for (int r = 0; r < rows; ++r) {
            keys << double(r);
            values << layers_->data(layers_->index(r, layers_->errorColumn(m)), CompareLayerModel::SortRole).toDouble();
            top = std::max(top, values.back());
        }
        bars->setData(keys, values, true);
    }
    chart_->xAxis->setTicker(ticker);
    chart_->xAxis->setTickLabels(labelled);
    labelChart();
    chart_->xAxis->setRange(-0.6, std::max(1.0, double(rows) - 0.2));
    chart_->yAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    chart_->legend->setVisible(methods > 0);
    chart_->replot(QCustomPlot::rpQueuedReplot);
}

// The texts of the chart that depend on the language: the methods' names in the legend and the layer count.
void CompareView::labelChart() {
    for (int m = 0; m < chart_->plottableCount(); ++m)
        chart_->plottable(m)->setName(layers_->headerData(layers_->errorColumn(m), Qt::Horizontal).toString());
    const int rows = layers_->rowCount();
    chart_->xAxis->setLabel(chart_->xAxis->tickLabels() ? QString() : tr("%n layer(s)", nullptr, rows));
}

} // namespace qs::widgets
