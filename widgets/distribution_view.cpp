#include "widgets/distribution_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace qs::widgets {
namespace {

QCPAxisRect* addRect(QCustomPlot* plot, int row) {
    auto* rect = new QCPAxisRect(plot);
    plot->plotLayout()->addElement(row, 0, rect);
    rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    return rect;
}

QCPItemStraightLine* vline(QCustomPlot* plot, QCPAxisRect* rect, double x) {
    auto* line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(rect);
    for (auto* p : {line->point1, line->point2}) {
        p->setAxisRect(rect);
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    }
    line->point1->setCoords(x, 1); // positive y: valid on a logarithmic count axis too
    line->point2->setCoords(x, 2);
    line->setPen(QPen(QColor(200, 30, 30), 1.5, Qt::DashLine));
    return line;
}

QCPItemStraightLine* hline(QCustomPlot* plot, QCPAxisRect* rect, double y) {
    auto* line = vline(plot, rect, 0);
    line->point1->setCoords(0, y);
    line->point2->setCoords(1, y);
    return line;
}

} // namespace

DistributionView::DistributionView(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->plotLayout()->clear();
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setMinimumHeight(300);
    histRect_ = addRect(plot_, 0);
    rowRect_ = addRect(plot_, 1);
    colRect_ = addRect(plot_, 2);
    plot_->plotLayout()->setRowStretchFactor(0, 2.0);
    // Keep the left margins aligned so the three plots read as one figure.
    auto* group = new QCPMarginGroup(plot_);
    for (auto* r : {histRect_, rowRect_, colRect_}) r->setMarginGroup(QCP::msLeft | QCP::msRight, group);

    auto axes = [](QCPAxisRect* r) { return std::pair{r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft)}; };
    auto [hx, hy] = axes(histRect_);
    inliers_ = new QCPBars(hx, hy);
    inliers_->setPen(Qt::NoPen);
    inliers_->setBrush(QColor(60, 110, 190));
    outliers_ = new QCPBars(hx, hy);
    outliers_->setPen(Qt::NoPen);
    outliers_->setBrush(QColor(210, 50, 40));
    auto [rx, ry] = axes(rowRect_);
    rowGraph_ = new QCPGraph(rx, ry);
    rowGraph_->setPen(QPen(QColor(40, 140, 90)));
    auto [cx, cy] = axes(colRect_);
    colGraph_ = new QCPGraph(cx, cy);
    colGraph_->setPen(QPen(QColor(90, 90, 160)));
    topGraph_ = new QCPGraph(cx, cy);
    topGraph_->setLineStyle(QCPGraph::lsNone);
    topGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(210, 50, 40), QColor(210, 50, 40), 7));

    logCounts_ = new QCheckBox(this);
    connect(logCounts_, &QCheckBox::toggled, this, &DistributionView::redraw);
    reset_ = new QPushButton(this);
    connect(reset_, &QPushButton::clicked, this, [this] {
        resetAxes();
        plot_->replot();
    });
    export_ = new QPushButton(this);
    connect(export_, &QPushButton::clicked, this, &DistributionView::exportRequested);
    summary_ = new QLabel(this);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setWordWrap(true);

    channels_ = new QTreeWidget(this);
    channels_->setRootIsDecorated(false);
    channels_->setColumnCount(3);
    channels_->setMinimumWidth(220);

    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(logCounts_);
    top->addWidget(reset_);
    top->addWidget(export_);
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    channelsTitle_ = new QLabel(side);
    sideLayout->addWidget(channelsTitle_);
    sideLayout->addWidget(channels_, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(plot_);
    split->addWidget(side);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setSizes({800, 230});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    retranslate();
    showMessage({});
}

void DistributionView::retranslate() {
    histRect_->axis(QCPAxis::atBottom)->setLabel(tr("weight value"));
    histRect_->axis(QCPAxis::atLeft)->setLabel(tr("count"));
    rowRect_->axis(QCPAxis::atBottom)->setLabel(tr("output row"));
    rowRect_->axis(QCPAxis::atLeft)->setLabel(tr("row absmax"));
    colRect_->axis(QCPAxis::atBottom)->setLabel(tr("input channel"));
    colRect_->axis(QCPAxis::atLeft)->setLabel(tr("channel absmax"));
    inliers_->setName(tr("weights"));
    outliers_->setName(tr("beyond the outlier threshold"));
    logCounts_->setText(tr("Log counts"));
    logCounts_->setToolTip(tr("Show histogram counts on a logarithmic axis, which makes the sparse tails visible."));
    reset_->setText(tr("Reset Zoom"));
    reset_->setToolTip(tr("Fit every plot to its data again after zooming or panning."));
    export_->setText(tr("Export Plot…"));
    export_->setToolTip(tr("Save the three plots as PNG, SVG or PDF."));
    channels_->setHeaderLabels({tr("Channel"), tr("Absmax"), tr("Outliers")});
    channels_->headerItem()->setToolTip(0, tr("Input column of the weight matrix (the activation channel it multiplies)."));
    channels_->headerItem()->setToolTip(1, tr("Largest absolute weight in this input channel."));
    channels_->headerItem()->setToolTip(2, tr("Weights in this channel beyond the outlier threshold."));
    channelsTitle_->setText(tr("Top outlier channels"));
    channelsTitle_->setToolTip(tr("Input channels with the largest absmax; they are marked in red in the channel plot."));
    if (stats_) summary_->setText(statsSummary());
    else if (message_.isEmpty()) summary_->setText(promptText());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void DistributionView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

QString DistributionView::promptText() { return tr("Select a tensor in the model panel to see its distribution."); }

void DistributionView::setStats(std::shared_ptr<const qs::TensorStats> stats) {
    stats_ = std::move(stats);
    redraw();
}

void DistributionView::showMessage(const QString& message) {
    stats_.reset();
    redraw();
    message_ = message;
    summary_->setText(message.isEmpty() ? promptText() : message);
}

void DistributionView::setLogCounts(bool log) { logCounts_->setChecked(log); }
bool DistributionView::logCounts() const { return logCounts_->isChecked(); }
int DistributionView::histogramBars() const { return inliers_->dataCount() + outliers_->dataCount(); }
int DistributionView::listedChannels() const { return channels_->topLevelItemCount(); }
QString DistributionView::summaryText() const { return summary_->text(); }

void DistributionView::redraw() {
    for (auto* b : {inliers_, outliers_}) b->data()->clear();
    for (auto* g : {rowGraph_, colGraph_, topGraph_}) g->data()->clear();
    plot_->clearItems();
    channels_->clear();
    const bool log = logCounts_->isChecked();
    auto* countAxis = histRect_->axis(QCPAxis::atLeft);
    countAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) countAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else countAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    for (auto* b : {inliers_, outliers_}) b->setBaseValue(log ? 0.5 : 0.0);

    const auto* s = stats_.get();
    plot_->setVisible(s != nullptr); // no empty axes before a tensor is chosen
    if (s && s->histogram.scale == qs::HistogramScale::Linear && !s->histogram.counts.empty()) {
        const auto& h = s->histogram;
        const double width = (h.hi - h.lo) / double(h.counts.size());
        const double lo = s->mean - s->sigmaK * s->stddev, hi = s->mean + s->sigmaK * s->stddev;
        for (int i = 0; i < int(h.counts.size()); ++i) {
            const double count = double(h.counts[size_t(i)]);
            if (log && count <= 0) continue;
            const double center = 0.5 * (h.binLow(i) + h.binHigh(i));
            (center < lo || center > hi ? outliers_ : inliers_)->addData(center, count);
        }
        for (auto* b : {inliers_, outliers_}) b->setWidth(width);
        if (s->stddev > 0) {
            vline(plot_, histRect_, lo);
            vline(plot_, histRect_, hi);
        }
        QVector<double> rows, rowMax;
        for (size_t r = 0; r < s->rowAbsmax.size(); ++r) rows << double(r), rowMax << double(s->rowAbsmax[r]);
        rowGraph_->setData(rows, rowMax, true);
        QVector<double> cols, colMax;
        for (size_t c = 0; c < s->colAbsmax.size(); ++c) cols << double(c), colMax << double(s->colAbsmax[c]);
        colGraph_->setData(cols, colMax, true);
        const double threshold = std::abs(s->mean) + s->sigmaK * s->stddev;
        if (s->stddev > 0) {
            hline(plot_, rowRect_, threshold);
            hline(plot_, colRect_, threshold);
        }
        for (const auto& ch : s->topChannels) {
            topGraph_->addData(double(ch.channel), double(ch.absmax));
            auto* item = new QTreeWidgetItem(channels_, {QString::number(ch.channel), QString::number(ch.absmax, 'g', 4),
                                                         QString::number(ch.outliers)});
            item->setTextAlignment(1, Qt::AlignRight);
            item->setTextAlignment(2, Qt::AlignRight);
        }
        summary_->setText(statsSummary());
    }
    resetAxes();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString DistributionView::statsSummary() const {
    const auto* s = stats_.get();
    return tr("<b>%1</b> [%2 × %3] · mean %4 · σ %5 · absmax %6 · kurtosis %7 · outliers (|x − mean| > %8σ): %9 (%10 %)")
        .arg(QString::fromStdString(s->name).toHtmlEscaped())
        .arg(s->rows)
        .arg(s->cols)
        .arg(s->mean, 0, 'g', 4)
        .arg(s->stddev, 0, 'g', 4)
        .arg(s->absmax, 0, 'g', 4)
        .arg(s->kurtosis, 0, 'f', 2)
        .arg(s->sigmaK, 0, 'g', 3)
        .arg(s->outliers)
        .arg(100.0 * s->outlierRatio, 0, 'f', 3);
}

void DistributionView::resetAxes() {
    const auto* s = stats_.get();
    if (!s) return;
    inliers_->rescaleAxes();
    outliers_->rescaleAxes(true);
    auto* counts = histRect_->axis(QCPAxis::atLeft);
    counts->setRangeLower(logCounts_->isChecked() ? 0.5 : 0.0);
    counts->setRangeUpper(counts->range().upper * 1.05);
    // Show the data and both threshold lines, even when no weight reaches them.
    const auto& h = s->histogram;
    const double lo = std::min(h.lo, s->mean - s->sigmaK * s->stddev), hi = std::max(h.hi, s->mean + s->sigmaK * s->stddev);
    const double pad = 0.03 * (hi - lo);
    histRect_->axis(QCPAxis::atBottom)->setRange(lo - pad, hi + pad);
    rowGraph_->rescaleAxes();
    colGraph_->rescaleAxes();
    const double threshold = std::abs(s->mean) + s->sigmaK * s->stddev;
    for (auto* r : {rowRect_, colRect_}) {
        auto* y = r->axis(QCPAxis::atLeft);
        y->setRange(0, std::max(y->range().upper, threshold) * 1.08);
    }
}

} // namespace qs::widgets
