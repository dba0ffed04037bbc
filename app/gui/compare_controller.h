#pragma once
// Runs core compareMethods as a job with the calibration and evaluation settings, shows the result in
// the Compare tab, and puts a chosen method into the plan for the layers the user picks.
#include "core/model/model.h"

#include <QObject>
#include <memory>

namespace qs::widgets {
class CompareLayerModel;
class CompareSummaryModel;
class CompareView;
class PlanModel;
} // namespace qs::widgets

namespace qs::gui {

class JobRunner;

class CompareController : public QObject {
    Q_OBJECT
public:
    CompareController(JobRunner* runner, qs::widgets::PlanModel* plan, QWidget* tabParent, QObject* parent = nullptr);

    void setModel(std::shared_ptr<const qs::Model> model); // clears the comparison
    int run();                                            // job id, 0 when nothing started
    // Plans method `method` (index into the comparison; -1: the lowest error per layer) for layer rows.
    int use(const QList<int>& rows, int method);

    qs::widgets::CompareView* view() const { return view_; }
    qs::widgets::CompareLayerModel* layers() const { return layers_; }
    qs::widgets::CompareSummaryModel* summary() const { return summary_; }

signals:
    void failed(const QString& message);
    void finished();

private:
    JobRunner* runner_;
    qs::widgets::PlanModel* plan_;
    qs::widgets::CompareLayerModel* layers_;
    qs::widgets::CompareSummaryModel* summary_;
    qs::widgets::CompareView* view_;
    std::shared_ptr<const qs::Model> model_;
    int job_ = 0;
};

} // namespace qs::gui
