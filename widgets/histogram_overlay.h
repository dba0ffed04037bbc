#pragma once
// Up to four histograms drawn over each other as step lines in distinct colours with a legend: the
// Distributions tab's multi-tensor overlay and the Compare tab's per-method error histograms. Counts are
// normalised to densities so series of different sizes compare; linear or logarithmic y axis.
#include "core/quant/stats.h"

#include <QList>
#include <QString>
#include <QWidget>

class QCustomPlot;
class QLabel;

namespace qs::widgets {

struct HistogramSeries {
    QString label;
    qs::Histogram histogram; // linear bins
};

// A linear histogram of `values` with `bins` bins over [lo, hi] (values outside go to the edge bins); with
// `weights`, value i counts weights[i] times (a sample standing for more values), rounded per bin.
qs::Histogram makeHistogram(const float* values, size_t n, double lo, double hi, int bins, const float* weights = nullptr);

QColor seriesColor(int index); // the shared palette: blue, orange, green, purple

class HistogramOverlayPlot : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxSeries = 4;
    explicit HistogramOverlayPlot(const QString& xLabel, QWidget* parent = nullptr);

    // Keeps the first kMaxSeries series.
    void setSeries(const QString& title, const QList<HistogramSeries>& series);
    void showMessage(const QString& message); // no data: clears the plot; an empty message shows the prompt
    // What showMessage({}) shows (set by the owner, which retranslates it); shown again at once when it is showing.
    void setPrompt(const QString& prompt);
    void setLogDensity(bool log);
    void setXLabel(const QString& label);
    bool logDensity() const { return log_; }
    int seriesCount() const;           // graphs drawn
    int points(int series) const;      // non-empty bins of one series
    QString seriesLabel(int series) const;
    QString title() const;
    QCustomPlot* plot() const { return plot_; }

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void redraw();

    QList<HistogramSeries> series_;
    QCustomPlot* plot_;
    QLabel* title_;
    QString titleText_;
    QString prompt_;
    bool prompting_ = false; // showing the prompt
    bool log_ = false;
};

} // namespace qs::widgets
