#pragma once
// Run → Calibrate and what the Distributions tab shows from it: runs the model on the calibration text
// (Settings: text, samples, sequence length) as a job, keeps per-input activation statistics (core
// calibration's per-channel sums plus a value histogram), and shows the selected tensor's input. Also the
// overlay of up to four selected tensors' weight histograms, computed in a job.
#include "core/model/model.h"
#include "widgets/activation_view.h"

#include <QList>
#include <QObject>
#include <memory>

namespace qs::gui {

class JobRunner;
struct JobContext;

// The calibration windows through the forward pass, recording every linear input (and the output head's).
qs::widgets::ActivationMap captureActivations(const qs::Model& model, const std::vector<int32_t>& ids, int32_t bosId,
                                              int64_t samples, int64_t seqLen, JobContext& ctx);
// The calibration input a tensor reads ("blk.N.attn_qkv", …, "output"); "" for none.
std::string activationInputOf(const qs::TensorInfo& t);

class ActivationController : public QObject {
    Q_OBJECT
public:
    ActivationController(JobRunner* runner, qs::widgets::ActivationView* view, QObject* parent = nullptr);

    void setModel(std::shared_ptr<const qs::Model> model); // forgets the calibration
    int calibrate();                                       // job id, 0 when nothing started
    void showTensor(int index);
    int setOverlay(const QList<int>& tensors);             // the first four; job id or 0
    const qs::widgets::ActivationMap& activations() const { return acts_; }
    const qs::widgets::ActivationStats* find(const std::string& input) const;

signals:
    void calibrated();
    void overlayReady();

private:
    JobRunner* runner_;
    qs::widgets::ActivationView* view_;
    std::shared_ptr<const qs::Model> model_;
    qs::widgets::ActivationMap acts_;
    int shown_ = -1;
    int calibJob_ = 0;
    int overlayJob_ = 0;
    QList<int> overlay_;
};

} // namespace qs::gui
