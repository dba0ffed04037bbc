#pragma once
// Feeds the Compare tab's charts: the size-vs-perplexity scatter when a comparison finishes, and, when a
// layer is selected, that layer quantized with each compared method (in a job, calibrated like Compare)
// with the histogram of its weight error W − Ŵ per method.
#include "core/model/model.h"
#include "core/pipeline/compare.h"

#include <QObject>
#include <memory>

namespace qs::widgets {
class CompareChartsView;
}

namespace qs::gui {

class CompareController;
class JobRunner;

class CompareChartsController : public QObject {
    Q_OBJECT
public:
    CompareChartsController(JobRunner* runner, CompareController* compare, qs::widgets::CompareChartsView* view,
                            QObject* parent = nullptr);

    void setModel(std::shared_ptr<const qs::Model> model);
    // Error histograms of layer row `row` of the comparison, one per method. Job id or 0.
    int showLayer(int row);
    qs::widgets::CompareChartsView* view() const { return view_; }

signals:
    void errorsReady();

private:
    JobRunner* runner_;
    CompareController* compare_;
    qs::widgets::CompareChartsView* view_;
    std::shared_ptr<const qs::Model> model_;
    int job_ = 0;
    QString shownLayer_;
};

} // namespace qs::gui
