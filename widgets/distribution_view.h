#pragma once
// The Distributions tab's view of one tensor's TensorStats (computed by a job): a histogram of its
// weights with the outlier threshold, and per-output-row and per-input-channel absmax with the top
// outlier channels highlighted and listed. Zoom with the wheel, pan by dragging.
#include "core/quant/stats.h"

#include <QWidget>
#include <memory>

class QCheckBox;
class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace qs::widgets {

class DistributionView : public QWidget {
    Q_OBJECT
public:
    explicit DistributionView(QWidget* parent = nullptr);

    void setStats(std::shared_ptr<const qs::TensorStats> stats);
    // No data to show (yet): clears the plots and shows `message`; an empty one asks to select a tensor
    // (in the current language, also after a switch).
    void showMessage(const QString& message);
    std::shared_ptr<const qs::TensorStats> stats() const { return stats_; }

    void setLogCounts(bool log);
    bool logCounts() const;
    QCustomPlot* plot() const { return plot_; }
    int histogramBars() const;      // bars with data in the histogram plot
    int listedChannels() const;     // rows in the top-channel list
    QString summaryText() const;

signals:
    void exportRequested(); // the window owns file writing

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void redraw();
    void resetAxes();
    QString statsSummary() const;
    static QString promptText();

    std::shared_ptr<const qs::TensorStats> stats_;
    QCustomPlot* plot_;
    QCPAxisRect* histRect_;
    QCPAxisRect* rowRect_;
    QCPAxisRect* colRect_;
    QCPBars* inliers_;
    QCPBars* outliers_;
    QCPGraph* rowGraph_;
    QCPGraph* colGraph_;
    QCPGraph* topGraph_;
    QString message_; // shown while there are no stats; empty: the prompt to select a tensor
    QCheckBox* logCounts_;
    QPushButton* reset_;
    QPushButton* export_;
    QLabel* summary_;
    QLabel* channelsTitle_;
    QTreeWidget* channels_;
};

} // namespace qs::widgets
