#pragma once
// The Distributions tab's lower half: the selected tensor's input activations after Run → Calibrate (a
// histogram of the values it multiplies and the per-channel absmax, which AWQ scales by), and an overlay
// of the weight histograms of up to four tensors selected together in the model panel.
#include "core/quant/stats.h"
#include "widgets/histogram_overlay.h"

#include <QWidget>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QPushButton;

namespace qs::widgets {

// What calibration saw at one linear input (shared by q/k/v, by gate/up).
struct ActivationStats {
    std::string input;                 // "blk.3.attn_qkv", as core calibration names it
    int64_t channels = 0, tokens = 0;
    qs::Histogram histogram;           // linear bins of the activation values (a strided sample)
    std::vector<float> channelAbsmax;  // max |x| per input channel over every token
    std::vector<double> channelMeanAbs;
    double absmax = 0, mean = 0, stddev = 0;
};
using ActivationMap = std::shared_ptr<const std::vector<ActivationStats>>;

class ActivationView : public QWidget {
    Q_OBJECT
public:
    explicit ActivationView(QWidget* parent = nullptr);

    // `stats` null: shows `message` instead (not calibrated, or a tensor without a linear input); an empty one
    // asks to calibrate (in the current language, also after a switch).
    void setActivations(const QString& tensor, const ActivationStats* stats, const QString& message = {});
    HistogramOverlayPlot* overlay() const { return overlay_; }
    QCustomPlot* activationPlot() const { return plot_; }
    int activationBars() const;   // histogram bins with data
    int channelPoints() const;    // per-channel absmax points
    QString activationText() const;

signals:
    void calibrateRequested();

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void redraw();
    void retranslate();
    static QString promptText();

    QString tensor_;
    QString message_; // shown while there are no stats; empty: the prompt to calibrate
    std::unique_ptr<ActivationStats> stats_;
    QCustomPlot* plot_;
    QCPAxisRect* histRect_;
    QCPAxisRect* chanRect_;
    QCPBars* bars_;
    QCPGraph* chanGraph_;
    QLabel* text_;
    QCheckBox* log_;
    QPushButton* calibrate_;
    HistogramOverlayPlot* overlay_;
};

} // namespace qs::widgets
