#include "widgets/results_view.h"

#include "widgets/results_model.h"

#include "widgets/table_style.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace qs::widgets {

ResultsView::ResultsView(ResultsModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ResultsModel::SortRole);
    view_ = new QTableView(this);
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setAlternatingRowColors(true);
    makeCompact(view_);
    view_->horizontalHeader()->setStretchLastSection(true);
    totals_ = new QLabel(this);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    totals_->setWordWrap(true);
    actions_ = new QWidget(this);
    auto* actionsLayout = new QHBoxLayout(actions_);
    actionsLayout->setContentsMargins(0, 0, 0, 0);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(totals_, 1);
    bottom->addWidget(actions_);
    chart_ = new QCustomPlot(this);
    chart_->setMinimumHeight(160);
    chart_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    chart_->axisRect()->setRangeDrag(Qt::Horizontal);
    chart_->axisRect()->setRangeZoom(Qt::Horizontal);
    chart_->xAxis->setTickLabelRotation(90);
    QFont tickFont = chart_->xAxis->tickLabelFont();
    tickFont.setPointSizeF(tickFont.pointSizeF() * 0.85);
    chart_->xAxis->setTickLabelFont(tickFont);
    // Hovering a bar names its tensor (tick labels are only drawn when they fit).
    connect(chart_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        const int i = int(std::lround(chart_->xAxis->pixelToCoord(e->position().x())));
        if (i < 0 || i >= int(chartNames_.size())) return QToolTip::hideText();
        QToolTip::showText(e->globalPosition().toPoint(),
                           QStringLiteral("%1: %2 %").arg(chartNames_[size_t(i)]).arg(bars_->data()->at(i)->value, 0, 'f', 3), chart_);
    });
    bars_ = new QCPBars(chart_->xAxis, chart_->yAxis);
    bars_->setPen(Qt::NoPen);
    bars_->setBrush(QColor(60, 110, 190));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chart_);
    split->addWidget(view_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({260, 340});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(bottom);
    connect(model_, &QAbstractItemModel::modelReset, this, &ResultsView::refresh);
    retranslate();
    refresh();
}

void ResultsView::retranslate() {
    chart_->setToolTip(tr("Relative Frobenius error of each quantized tensor, largest first: the most sensitive tensors are on the left."));
    chart_->yAxis->setLabel(tr("rel. Frobenius error (%)"));
    labelChart();
    chart_->replot(QCustomPlot::rpQueuedReplot);
    totals_->setText(model_->totalsText());
    retranslateModel(model_);
}

void ResultsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

QString ResultsView::totalsText() const { return model_->totalsText(); }

void ResultsView::refresh() {
    totals_->setText(model_->totalsText());
    // Worst tensors first: sort by relative Frobenius error, descending.
    view_->sortByColumn(ResultsModel::RelFrobenius, Qt::DescendingOrder);
    view_->resizeColumnsToContents();
    redrawChart();
}

int ResultsView::chartBars() const { return bars_->dataCount(); }

void ResultsView::redrawChart() {
    std::vector<std::pair<double, QString>> errors;
    for (const auto& r : model_->report().tensors)
        if (r.measured && r.error.relFrobenius > 0) errors.emplace_back(100.0 * r.error.relFrobenius, QString::fromStdString(r.name));
    std::sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    QVector<double> keys, values;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    chartNames_.clear();
    const bool labelled = errors.size() <= 32;
    for (size_t i = 0; i < errors.size(); ++i) {
        keys << double(i);
        values << errors[i].first;
        chartNames_.push_back(errors[i].second);
        if (labelled) ticker->addTick(double(i), errors[i].second);
    }
    bars_->setData(keys, values, true);
    chart_->xAxis->setTicker(ticker);
    chart_->xAxis->setTickLabels(labelled);
    labelChart();
    chart_->xAxis->setRange(-0.8, std::max<double>(1.0, double(errors.size()) - 0.2));
    const double top = errors.empty() ? 1.0 : errors.front().first;
    chart_->yAxis->setRange(0, top * 1.1);
    chart_->replot(QCustomPlot::rpQueuedReplot);
}

void ResultsView::labelChart() {
    const int tensors = int(chartNames_.size());
    chart_->xAxis->setLabel(chart_->xAxis->tickLabels() ? QString()
                                                        : tr("%n tensor(s), largest error first (hover a bar for its name)", nullptr, tensors));
}

} // namespace qs::widgets
