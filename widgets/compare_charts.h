#pragma once
// Beside the Compare tab's tables: the dequantization error W − Ŵ of the selected layer under each
// method as overlaid histograms, and the whole model's size against perplexity, one point per method.
#include "core/pipeline/compare.h"
#include "widgets/histogram_overlay.h"

#include <QWidget>
#include <memory>

class QCustomPlot;

namespace qs::widgets {

class CompareView;

class CompareChartsView : public QWidget {
    Q_OBJECT
public:
    explicit CompareChartsView(QWidget* parent = nullptr);

    void setComparison(std::shared_ptr<const qs::Comparison> comparison); // redraws the scatter
    // Moves the two plots into `view`: the error histograms beside its per-layer table, the scatter beside
    // its whole-model summary. This container then stays empty and hidden.
    void attachTo(CompareView* view);
    HistogramOverlayPlot* errors() const { return errors_; }
    QCustomPlot* scatter() const { return scatter_; }
    int scatterPoints() const; // one per method with a perplexity

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void redrawScatter();
    void retranslate();

    std::shared_ptr<const qs::Comparison> cmp_;
    HistogramOverlayPlot* errors_;
    QCustomPlot* scatter_;
};

} // namespace qs::widgets
