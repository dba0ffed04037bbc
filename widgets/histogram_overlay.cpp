#include "widgets/histogram_overlay.h"

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <vector>
#include <qcustomplot.h>

namespace qs::widgets {

qs::Histogram makeHistogram(const float* values, size_t n, double lo, double hi, int bins, const float* weights) {
    qs::Histogram h;
    h.scale = qs::HistogramScale::Linear;
    if (!(hi > lo)) hi = lo + 1e-12 + std::abs(lo) * 1e-6;
    h.lo = lo;
    h.hi = hi;
    h.counts.assign(size_t(std::max(1, bins)), 0);
    const double k = double(h.counts.size()) / (hi - lo);
    std::vector<double> sums(h.counts.size(), 0.0);
    for (size_t i = 0; i < n; ++i) {
        const double v = values[i];
        if (!std::isfinite(v)) continue;
        const auto b = std::clamp<int64_t>(int64_t((v - lo) * k), 0, int64_t(h.counts.size()) - 1);
        sums[size_t(b)] += weights ? double(weights[i]) : 1.0;
    }
    for (size_t b = 0; b < sums.size(); ++b) h.counts[b] = int64_t(std::llround(sums[b]));
    return h;
}

QColor seriesColor(int index) {
    static const QColor colors[] = {QColor(60, 110, 190), QColor(220, 120, 40), QColor(60, 160, 80), QColor(170, 70, 160)};
    return colors[((index % 4) + 4) % 4];
}

HistogramOverlayPlot::HistogramOverlayPlot(const QString& xLabel, QWidget* parent) : QWidget(parent) {
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    plot_ = new QCustomPlot(this);
    plot_->setMinimumHeight(70);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->xAxis->setLabel(xLabel);
    plot_->yAxis->setLabel(tr("density"));
    plot_->xAxis->ticker()->setTickCount(4);
    // The legend in its own row above the axes, two entries a row: it never covers a curve.
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setWrap(2);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setBrush(Qt::NoBrush);
    QFont small = plot_->legend->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    plot_->legend->setFont(small);
    plot_->legend->setVisible(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(plot_, 1);
}

void HistogramOverlayPlot::setSeries(const QString& title, const QList<HistogramSeries>& series) {
    series_ = series.mid(0, kMaxSeries);
    prompting_ = false;
    titleText_ = title;
    title_->setText(title);
    redraw();
}

void HistogramOverlayPlot::showMessage(const QString& message) {
    series_.clear();
    prompting_ = message.isEmpty();
    titleText_ = prompting_ ? prompt_ : message;
    title_->setText(titleText_);
    redraw();
}

void HistogramOverlayPlot::setPrompt(const QString& prompt) {
    prompt_ = prompt;
    if (prompting_) showMessage({});
}

void HistogramOverlayPlot::setXLabel(const QString& label) {
    plot_->xAxis->setLabel(label);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramOverlayPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        plot_->yAxis->setLabel(tr("density"));
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

void HistogramOverlayPlot::setLogDensity(bool log) {
    log_ = log;
    redraw();
}

int HistogramOverlayPlot::seriesCount() const { return plot_->graphCount(); }
int HistogramOverlayPlot::points(int series) const {
    return series >= 0 && series < plot_->graphCount() ? plot_->graph(series)->dataCount() : 0;
}
QString HistogramOverlayPlot::seriesLabel(int series) const {
    return series >= 0 && series < series_.size() ? series_[series].label : QString();
}
QString HistogramOverlayPlot::title() const { return titleText_; }

void HistogramOverlayPlot::redraw() {
    plot_->clearGraphs();
    auto* y = plot_->yAxis;
    y->setScaleType(log_ ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log_) y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else y->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    double xlo = 0, xhi = 0, ymax = 0, ymin = 0;
    bool first = true;
    for (int s = 0; s < series_.size(); ++s) {
        const auto& h = series_[s].histogram;
        if (h.counts.empty()) continue;
        int64_t total = 0;
        for (auto c : h.counts) total += c;
        if (total <= 0) continue;
        const double width = (h.hi - h.lo) / double(h.counts.size());
        auto* g = plot_->addGraph();
        g->setName(series_[s].label);
        const QColor c = seriesColor(s);
        g->setPen(QPen(c, 1.6));
        if (series_.size() == 1) {
            QColor fill = c;
            fill.setAlpha(60);
            g->setBrush(fill);
        }
        g->setLineStyle(QCPGraph::lsStepCenter);
        QVector<double> keys, values;
        for (int i = 0; i < int(h.counts.size()); ++i) {
            const double d = double(h.counts[size_t(i)]) / (double(total) * width);
            if (log_ && d <= 0) continue;
            keys << 0.5 * (h.binLow(i) + h.binHigh(i));
            values << d;
            ymax = std::max(ymax, d);
            if (d > 0) ymin = ymin > 0 ? std::min(ymin, d) : d;
        }
        g->setData(keys, values, true);
        if (first || h.lo < xlo) xlo = h.lo;
        if (first || h.hi > xhi) xhi = h.hi;
        first = false;
    }
    plot_->legend->setVisible(plot_->graphCount() > 0);
    plot_->setVisible(plot_->graphCount() > 0);
    // With curves the title goes to the tooltip: the legend names them and the plot gets the room.
    title_->setVisible(plot_->graphCount() == 0);
    plot_->setToolTip(titleText_);
    if (plot_->graphCount() > 0) {
        const double pad = 0.02 * (xhi - xlo);
        plot_->xAxis->setRange(xlo - pad, xhi + pad);
        if (log_) y->setRange(std::max(ymin * 0.5, 1e-12), ymax * 2);
        else y->setRange(0, ymax * 1.08);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace qs::widgets
