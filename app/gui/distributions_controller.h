#pragma once
// Feeds the Distributions tab: computes a tensor's TensorStats in a job when it is selected (cached per
// model), and statistics for every tensor on request, filling the model panel's statistics columns.
#include "core/model/model.h"
#include "core/quant/stats.h"

#include <QObject>
#include <map>
#include <memory>

namespace qs::widgets {
class DistributionView;
class TensorTableModel;
} // namespace qs::widgets

namespace qs::gui {

class JobRunner;

class DistributionsController : public QObject {
    Q_OBJECT
public:
    DistributionsController(JobRunner* runner, qs::widgets::TensorTableModel* table, qs::widgets::DistributionView* view,
                            QObject* parent = nullptr);

    void setModel(std::shared_ptr<const qs::Model> model);
    // Shows tensor `index` (computing its statistics in a job when needed). Returns the job id or 0.
    int showTensor(int index);
    // Statistics for every tensor not yet computed, in one job. Returns the job id or 0.
    int computeAll();
    std::shared_ptr<const qs::TensorStats> cached(int index) const;
    static qs::StatsOptions options();

signals:
    void statsReady(int index);

private:
    void store(int index, std::shared_ptr<const qs::TensorStats> stats);

    JobRunner* runner_;
    qs::widgets::TensorTableModel* table_;
    qs::widgets::DistributionView* view_;
    std::shared_ptr<const qs::Model> model_;
    std::map<int, std::shared_ptr<const qs::TensorStats>> cache_;
    int shown_ = -1;
    int pendingJob_ = 0; // the single-tensor job in flight, cancelled when the selection moves on
};

} // namespace qs::gui
