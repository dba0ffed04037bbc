#include "app/gui/activation_controller.h"

#include "app/gui/job_runner.h"
#include "app/gui/settings.h"
#include "core/runtime/calibration.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/forward.h"
#include "core/runtime/weight_source.h"
#include "core/util/error.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace qs::gui {

using qs::widgets::ActivationStats;

std::string activationInputOf(const qs::TensorInfo& t) {
    if (t.role == qs::TensorRole::Output) return "output";
    return qs::calibrationInputName(t.role, t.block);
}

namespace {

struct Capture {
    qs::InputAccumulator acc;
    std::vector<float> sample;  // every stride-th value within 6σ of the batch mean, and every value beyond it
    std::vector<float> weight;  // how many values each sample stands for: the stride, or 1 in the tails
    double sum = 0, sumSq = 0, lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    int64_t values = 0;
};

constexpr size_t kSamplePerCall = 16384; // values kept per observed batch and input
constexpr int kBins = 121;

} // namespace

qs::widgets::ActivationMap captureActivations(const qs::Model& model, const std::vector<int32_t>& ids, int32_t bosId,
                                              int64_t samples, int64_t seqLen, JobContext& ctx) {
    qs::CalibrationOptions opt;
    opt.samples = samples;
    opt.seqLen = seqLen;
    opt.hessian = false;
    if (int64_t(ids.size()) < seqLen + 1)
        throw qs::Error("calibrate", "the calibration text has " + std::to_string(ids.size()) + " tokens, fewer than one window of " +
                                         std::to_string(seqLen));
    const std::vector<int32_t> tokens = qs::calibrationTokens(ids, bosId, opt);
    const int64_t windows = int64_t(tokens.size()) / seqLen;
    qs::ModelWeights weights(model);
    qs::Forward forward(weights, ctx.pool);
    std::map<std::string, Capture> caps;
    std::vector<std::string> order;
    forward.setObserver([&](qs::TensorRole consumer, int block, const float* x, int64_t rows, int64_t cols) {
        std::string name = consumer == qs::TensorRole::Output ? std::string("output") : qs::calibrationInputName(consumer, block);
        if (name.empty()) return;
        auto [it, inserted] = caps.try_emplace(name);
        Capture& c = it->second;
        if (inserted) {
            c.acc.stats.name = name;
            order.push_back(name);
        }
        c.acc.add(forward.pool(), x, rows, cols, false);
        const size_t n = size_t(rows * cols);
        const size_t stride = std::max<size_t>(1, n / kSamplePerCall);
        double sum = 0, sumSq = 0;
        for (size_t i = 0; i < n; ++i) {
            const double v = x[i];
            sum += v;
            sumSq += v * v;
            c.lo = std::min(c.lo, v);
            c.hi = std::max(c.hi, v);
        }
        c.sum += sum;
        c.sumSq += sumSq;
        c.values += int64_t(n);
        // The bulk is sampled with a stride; the rare large activations (the ones that matter) are all kept.
        const double mean = sum / double(n), sigma = std::sqrt(std::max(0.0, sumSq / double(n) - mean * mean));
        const double tail = 6.0 * sigma;
        for (size_t i = 0; i < n; ++i) {
            if (std::abs(double(x[i]) - mean) > tail) {
                c.sample.push_back(x[i]);
                c.weight.push_back(1.0f);
            } else if (i % stride == 0) {
                c.sample.push_back(x[i]);
                c.weight.push_back(float(stride));
            }
        }
    });
    ctx.progress.setStage("calibration", windows);
    std::vector<float> logits;
    const int64_t perBatch = 4;
    for (int64_t s0 = 0; s0 < windows; s0 += perBatch) {
        ctx.cancel.check();
        const int64_t n = std::min(perBatch, windows - s0);
        logits.resize(size_t(n * forward.vocabSize()));
        forward.run(tokens.data() + s0 * seqLen, n, seqLen, seqLen - 1, logits.data(), &ctx.cancel);
        ctx.progress.advance(n);
    }
    forward.setObserver({});
    auto out = std::make_shared<std::vector<ActivationStats>>();
    for (const auto& name : order) {
        Capture& c = caps[name];
        const qs::InputStats in = c.acc.finish();
        ActivationStats a;
        a.input = name;
        a.channels = in.channels;
        a.tokens = in.tokens;
        a.channelAbsmax = in.absMax;
        a.channelMeanAbs = in.meanAbs;
        const double nv = double(std::max<int64_t>(1, c.values));
        a.mean = c.sum / nv;
        a.stddev = std::sqrt(std::max(0.0, c.sumSq / nv - a.mean * a.mean));
        a.absmax = std::max(std::abs(c.lo), std::abs(c.hi));
        a.histogram = qs::widgets::makeHistogram(c.sample.data(), c.sample.size(), c.lo, c.hi, kBins, c.weight.data());
        out->push_back(std::move(a));
    }
    return out;
}

ActivationController::ActivationController(JobRunner* runner, qs::widgets::ActivationView* view, QObject* parent)
    : QObject(parent), runner_(runner), view_(view) {
    connect(view_, &qs::widgets::ActivationView::calibrateRequested, this, [this] { calibrate(); });
    connect(runner_, &JobRunner::jobFinished, this, [this](int id, bool ok, const QString& message) {
        if (id == overlayJob_) overlayJob_ = 0;
        if (id != calibJob_) return;
        calibJob_ = 0;
        if (!ok && !message.isEmpty()) view_->setActivations({}, nullptr, tr("Calibration failed: %1").arg(message));
    });
}

void ActivationController::setModel(std::shared_ptr<const qs::Model> model) {
    for (int* job : {&calibJob_, &overlayJob_})
        if (*job) runner_->cancel(*job), *job = 0;
    model_ = std::move(model);
    acts_.reset();
    shown_ = -1;
    overlay_.clear();
    view_->setActivations({}, nullptr);  // the view's prompts, which follow a language switch
    view_->overlay()->showMessage({});
}

const qs::widgets::ActivationStats* ActivationController::find(const std::string& input) const {
    if (!acts_ || input.empty()) return nullptr;
    for (const auto& a : *acts_)
        if (a.input == input) return &a;
    return nullptr;
}

int ActivationController::calibrate() {
    if (!model_ || calibJob_) return 0;
    const AppSettings s = AppSettings::load();
    auto model = model_;
    const std::string text = s.calibrationText.toStdString();
    const int64_t samples = s.samples, seqLen = s.sequenceLength;
    calibJob_ = runner_->start(tr("Calibrate %1 (%2 × %3 tokens)")
                                   .arg(QFileInfo(QString::fromStdString(model->path())).fileName())
                                   .arg(samples)
                                   .arg(seqLen),
                               [this, model, text, samples, seqLen](JobContext& ctx) -> JobResult {
        if (text.empty()) throw qs::Error("calibrate", "no calibration text (Settings → Calibration)");
        const qs::EvalInput input = qs::loadEvalInput({model.get()}, text, "");
        auto acts = captureActivations(*model, input.ids, input.bosId, samples, seqLen, ctx);
        return [this, model, acts] {
            if (model != model_) return;
            acts_ = acts;
            showTensor(shown_);
            emit calibrated();
        };
    });
    return calibJob_;
}

void ActivationController::showTensor(int index) {
    shown_ = index;
    if (!model_ || index < 0 || index >= int(model_->tensors().size())) return;
    const auto& t = model_->tensors()[size_t(index)];
    const QString name = QString::fromStdString(t.name);
    const std::string input = activationInputOf(t);
    if (input.empty())
        view_->setActivations(name, nullptr, tr("%1 is not a matrix that multiplies activations.").arg(name));
    else if (!acts_)
        view_->setActivations(name, nullptr,
                              tr("Run → Calibrate (Ctrl+Shift+K) to see the input activations of %1.").arg(name));
    else if (const auto* a = find(input))
        view_->setActivations(name, a);
    else
        view_->setActivations(name, nullptr, tr("Calibration did not record the input of %1.").arg(name));
}

int ActivationController::setOverlay(const QList<int>& tensors) {
    if (!model_) return 0;
    QList<int> list;
    for (int i : tensors)
        if (i >= 0 && i < int(model_->tensors().size()) && !list.contains(i) && list.size() < qs::widgets::HistogramOverlayPlot::kMaxSeries)
            list << i;
    if (list == overlay_) return 0;
    overlay_ = list;
    if (overlayJob_) runner_->cancel(overlayJob_);
    overlayJob_ = 0;
    if (list.size() < 2) {
        view_->overlay()->showMessage({}); // the prompt to select more
        emit overlayReady();
        return 0;
    }
    auto model = model_;
    overlayJob_ = runner_->start(tr("Overlay of %n tensor(s)", nullptr, int(list.size())), [this, model, list](JobContext& ctx) -> JobResult {
        ctx.progress.setStage("histograms", 2 * list.size());
        std::vector<std::vector<float>> values;
        double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
        for (int i : list) {
            ctx.cancel.check();
            values.push_back(model->readAll(model->tensors()[size_t(i)]));
            for (float v : values.back())
                if (std::isfinite(v)) lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
            ctx.progress.advance();
        }
        auto series = std::make_shared<QList<qs::widgets::HistogramSeries>>();
        for (size_t k = 0; k < values.size(); ++k) {
            QString label = QString::fromStdString(model->tensors()[size_t(list[int(k)])].name);
            label.remove(QStringLiteral("model.")).remove(QStringLiteral("layers.")).remove(QStringLiteral(".weight"));
            series->append({label, qs::widgets::makeHistogram(values[k].data(), values[k].size(), lo, hi, kBins)});
            ctx.progress.advance();
        }
        return [this, model, series] {
            if (model != model_) return;
            view_->overlay()->setSeries(tr("Weight histograms of %n tensor(s), as densities", nullptr, int(series->size())), *series);
            emit overlayReady();
        };
    });
    return overlayJob_;
}

} // namespace qs::gui
