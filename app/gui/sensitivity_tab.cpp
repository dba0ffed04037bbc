#include "app/gui/sensitivity_tab.h"

#include "app/gui/job_runner.h"
#include "app/gui/settings.h"
#include "core/pipeline/sensitivity.h"
#include "core/pipeline/types_eval.h"
#include "core/plan/llama_mixture.h"
#include "core/runtime/eval_input.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "widgets/plan_curve_view.h"
#include "widgets/plan_model.h"
#include "widgets/sensitivity_heatmap.h"
#include "widgets/tensor_table_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <cmath>

namespace qs::gui {

using qs::widgets::formatBytes;

namespace {

constexpr qs::DType kCandidates[] = {qs::DType::Q2_K, qs::DType::Q3_K, qs::DType::Q4_K, qs::DType::Q5_K, qs::DType::Q6_K, qs::DType::Q8_0};

// Sum of the measured KLD increases of `types` over the measured tensors; nullopt when a type was not measured.
std::optional<double> estimatedKld(const qs::Model& model, const qs::Measurement& m, const std::vector<qs::DType>& types) {
    double k = 0;
    for (size_t i = 0; i < model.tensors().size(); ++i) {
        const auto& t = model.tensors()[i];
        if (!qs::isQuantizableWeight(t)) continue;
        const auto* e = m.find(t.name);
        if (!e) return std::nullopt;
        const auto it = e->results.find(types[i]);
        if (it == e->results.end()) return std::nullopt;
        k += it->second.kld;
    }
    return k;
}

} // namespace

SensitivityTab::SensitivityTab(JobRunner* runner, qs::widgets::PlanModel* plan, QWidget* parent)
    : QWidget(parent), runner_(runner), planModel_(plan) {
    auto* measureRow = new QHBoxLayout;
    candidatesLabel_ = new QLabel(this);
    measureRow->addWidget(candidatesLabel_);
    for (qs::DType t : kCandidates) {
        auto* box = new QCheckBox(qs::widgets::dtypeName(t), this);
        box->setChecked(true);
        candidates_.append({t, box});
        measureRow->addWidget(box);
    }
    method_ = new QComboBox(this);
    for (auto m : {qs::QuantMethod::RTN, qs::QuantMethod::GPTQ, qs::QuantMethod::AWQ}) method_->addItem(QString(), int(m));
    chunks_ = new QSpinBox(this);
    chunks_->setRange(1, 1024);
    chunks_->setValue(8);
    samples_ = new QSpinBox(this);
    samples_->setRange(1, 4096);
    samples_->setValue(16);
    run_ = new QPushButton(this);
    connect(run_, &QPushButton::clicked, this, [this] { runMeasurement(); });
    cancel_ = new QPushButton(this);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (job_) runner_->cancel(job_);
    });
    load_ = new QPushButton(this);
    connect(load_, &QPushButton::clicked, this, &SensitivityTab::chooseAndLoad);
    auto* actionRow = new QHBoxLayout; // a second row keeps the tab narrow enough for small windows
    actionRow->addWidget(method_);
    actionRow->addWidget(chunks_);
    actionRow->addWidget(samples_);
    actionRow->addStretch(1);
    measureRow->addStretch(1);
    actionRow->addWidget(run_);
    actionRow->addWidget(cancel_);
    actionRow->addWidget(load_);

    auto* viewRow = new QHBoxLayout;
    status_ = new QLabel(this);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setWordWrap(true);
    viewRow->addWidget(status_, 1);
    colourLabel_ = new QLabel(this);
    viewRow->addWidget(colourLabel_);
    shownType_ = new QComboBox(this);
    connect(shownType_, &QComboBox::activated, this, [this] { showType(qs::DType(shownType_->currentData().toInt())); });
    viewRow->addWidget(shownType_);

    heatmap_ = new qs::widgets::SensitivityHeatmap(this);
    curve_ = new qs::widgets::PlanCurveView(this);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(heatmap_);
    split->addWidget(curve_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    split->setSizes({560, 440});

    auto* budgetRow = new QHBoxLayout;
    budgetLabel_ = new QLabel(this);
    budgetRow->addWidget(budgetLabel_);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, kSliderSteps);
    slider_->setValue(kSliderSteps / 3);
    connect(slider_, &QSlider::valueChanged, this, &SensitivityTab::replan);
    budgetRow->addWidget(slider_, 1);
    budget_ = new QLabel(this);
    budget_->setWordWrap(true);
    budgetRow->addWidget(budget_, 1);
    apply_ = new QPushButton(this);
    connect(apply_, &QPushButton::clicked, this, [this] { applyToPlan(); });
    budgetRow->addWidget(apply_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(measureRow);
    layout->addLayout(actionRow);
    layout->addLayout(viewRow);
    layout->addWidget(split, 1);
    layout->addLayout(budgetRow);

    connect(runner_, &JobRunner::jobFinished, this, [this](int id, bool ok, const QString& text) {
        if (id != job_) return;
        job_ = 0;
        if (!ok) status_->setText(tr("Measurement stopped: %1").arg(text));
        updateControls();
    });
    retranslate();
    updateControls();
}

void SensitivityTab::retranslate() {
    candidatesLabel_->setText(tr("Candidates:"));
    for (auto& [t, box] : candidates_) box->setToolTip(tr("Measure every tensor quantized to %1.").arg(qs::widgets::dtypeName(t)));
    method_->setItemText(0, tr("RTN")); // in the order of the constructor
    method_->setItemText(1, tr("GPTQ"));
    method_->setItemText(2, tr("AWQ"));
    method_->setToolTip(tr("How each tensor is quantized to a candidate: llama.cpp's round-to-nearest, or GPTQ / AWQ of that "
                           "matrix alone on the type's blocks (calibrated on the calibration text)."));
    chunks_->setPrefix(tr("chunks "));
    chunks_->setToolTip(tr("Chunks of the calibration text (of the evaluation context length) the KLD of each candidate is measured on."));
    samples_->setPrefix(tr("samples "));
    samples_->setToolTip(tr("Calibration windows (of the settings' sequence length) for the relative output error and GPTQ/AWQ."));
    run_->setText(tr("Measure"));
    run_->setToolTip(tr("Measure the open model's per-tensor sensitivity as a job. Results are cached: measuring again with the "
                        "same settings only measures what is missing."));
    cancel_->setText(tr("Cancel"));
    cancel_->setToolTip(tr("Stop measuring; what was measured so far stays in the cache."));
    load_->setText(tr("Load Measurement…"));
    load_->setToolTip(tr("Open a measurement JSON written by quantscope-cli sensitivity for this model."));
    colourLabel_->setText(tr("Colour shows:"));
    shownType_->setToolTip(tr("The candidate type whose KLD increase per saved bit (against the largest measured type) colours the map."));
    budgetLabel_->setText(tr("Budget:"));
    slider_->setToolTip(tr("Size budget between the smallest and the largest plan the measurement allows; the plan is recomputed as you move it."));
    apply_->setText(tr("Apply to Plan"));
    apply_->setToolTip(tr("Set every quantizable tensor in the Plan tab to the type planned here (one undo step)."));
    // What setMeasurement wrote, once it has run: the status (unless a job or an error replaced it since), the
    // curve's title and names, the budget line.
    if (!measurementStatus_.isEmpty()) {
        if (status_->text() == measurementStatus_) showMeasurementStatus();
        updateCurve();
        replan();
    }
}

void SensitivityTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void SensitivityTab::setModel(std::shared_ptr<const qs::Model> model) {
    model_ = std::move(model);
    identity_.clear();
    setMeasurement(nullptr, {});
}

std::string SensitivityTab::identity() {
    if (identity_.empty() && model_) identity_ = qs::modelIdentity(*model_);
    return identity_;
}

void SensitivityTab::showType(qs::DType type) {
    heatmap_->setCandidate(type);
    shownType_->setCurrentIndex(shownType_->findData(int(heatmap_->candidate())));
}

void SensitivityTab::setCandidates(const QList<qs::DType>& types) {
    for (auto& [t, box] : candidates_) box->setChecked(types.contains(t));
}
void SensitivityTab::setChunks(int chunks) { chunks_->setValue(chunks); }
void SensitivityTab::setSamples(int samples) { samples_->setValue(samples); }

QString SensitivityTab::cacheDir() const {
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/sensitivity");
}

bool SensitivityTab::loadMeasurement(const QString& path, QString* error) {
    if (!model_) {
        if (error) *error = tr("Open a model first.");
        return false;
    }
    try {
        auto m = std::make_shared<qs::Measurement>(qs::loadMeasurement(path.toStdString()));
        qs::checkMeasurement(*m, path.toStdString(), identity());
        setMeasurement(m, path);
    } catch (const std::exception& e) {
        const QString text = QString::fromUtf8(e.what());
        status_->setText(tr("Cannot load measurement: %1").arg(text));
        if (error) *error = text;
        emit message(tr("Cannot load measurement: %1").arg(text));
        return false;
    }
    emit message(tr("Loaded measurement %1").arg(path));
    return true;
}

void SensitivityTab::chooseAndLoad() {
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("sensitivity/lastDir"), QDir::homePath()).toString();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Load Measurement"), dir, tr("Measurement JSON (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("sensitivity/lastDir"), QFileInfo(path).absolutePath());
    loadMeasurement(path);
}

int SensitivityTab::runMeasurement() {
    if (!model_ || job_) return 0;
    qs::SensitivityOptions opt;
    for (auto& [t, box] : candidates_)
        if (box->isChecked()) opt.candidates.push_back(t);
    if (opt.candidates.empty()) {
        status_->setText(tr("Pick at least one candidate type."));
        return 0;
    }
    opt.method = qs::QuantMethod(method_->currentData().toInt());
    const AppSettings s = AppSettings::load();
    opt.ctx = s.context;
    opt.chunks = chunks_->value();
    opt.calib.samples = samples_->value();
    opt.calib.seqLen = s.sequenceLength;
    try {
        qs::checkSensitivityMethod(opt.method, opt.candidates, false, "sensitivity");
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
        return 0;
    }
    auto model = model_;
    const std::string calibText = s.calibrationText.toStdString();
    const std::string dir = cacheDir().toStdString();
    status_->setText(tr("Measuring %n candidate type(s); calibration text chunks: %1…", nullptr, int(opt.candidates.size()))
                         .arg(opt.chunks));
    job_ = runner_->start(tr("Sensitivity of %1").arg(QFileInfo(QString::fromStdString(model->path())).fileName()),
                          [this, model, opt, calibText, dir](JobContext& ctx) -> JobResult {
        if (calibText.empty()) throw qs::Error("sensitivity", "no calibration text (Settings → Calibration)");
        const auto calib = qs::loadEvalInput({model.get()}, calibText, "");
        const qs::SensitivityInput in{calib.ids, calib.ids, calib.bosId};
        const auto settings = qs::sensitivitySettings(in, opt, "", qs::idsDigest(calib.ids));
        const std::string key = settings.dump();
        const std::string file = dir + "/" + qs::modelIdentity(*model).substr(0, 16) + "-" + qs::Sha256::hex(key.data(), key.size()).substr(0, 16) +
                                 ".measurement.json";
        QDir().mkpath(QString::fromStdString(dir));
        int64_t measured = 0;
        auto m = std::make_shared<const qs::Measurement>(
            qs::measureCached(*model, file, in, opt, settings, ctx.pool, &measured, ctx.report, &ctx.cancel));
        return [this, model, m, file, measured] {
            if (model != model_) return;
            setMeasurement(m, QString::fromStdString(file));
            emit message(tr("Sensitivity: %n new measurement(s), cached in %1", nullptr, int(measured)).arg(QString::fromStdString(file)));
        };
    });
    updateControls();
    return job_;
}

void SensitivityTab::setMeasurement(std::shared_ptr<const qs::Measurement> m, const QString& source) {
    measurement_ = std::move(m);
    source_ = source;
    heatmap_->setMeasurement(measurement_);
    shownType_->clear();
    const auto types = heatmap_->measuredTypes();
    for (int i = 0; i + 1 < types.size(); ++i) shownType_->addItem(qs::widgets::dtypeName(types[i]), int(types[i]));
    shownType_->setCurrentIndex(shownType_->findData(int(heatmap_->candidate())));
    showMeasurementStatus();
    updateCurve();
    replan();
    updateControls();
    emit measurementChanged();
}

void SensitivityTab::showMeasurementStatus() {
    if (measurement_) {
        const std::string method = measurement_->settings.value("method", std::string("rtn"));
        measurementStatus_ = tr("%1 tensors, method %2, from %3. Hover a cell for its numbers.")
                                 .arg(measurement_->tensors.size())
                                 .arg(QString::fromStdString(method), QFileInfo(source_).fileName());
    } else {
        measurementStatus_ = model_ ? tr("Measure the model, or load a measurement made by quantscope-cli sensitivity.") : tr("No model open.");
    }
    status_->setText(measurementStatus_);
}

uint64_t SensitivityTab::budgetBytes() const {
    if (!plan_) return 0;
    const double f = double(slider_->value()) / kSliderSteps;
    return plan_->minBytes + uint64_t(std::llround(f * double(plan_->maxBytes - plan_->minBytes)));
}

void SensitivityTab::setBudgetBpw(double bpw) {
    if (!plan_ || !model_ || plan_->maxBytes <= plan_->minBytes) return;
    const double bytes = bpw * double(model_->totalParams()) / 8.0;
    const double f = (bytes - double(plan_->minBytes)) / double(plan_->maxBytes - plan_->minBytes);
    slider_->setValue(int(std::floor(std::clamp(f, 0.0, 1.0) * kSliderSteps)));
}

void SensitivityTab::replan() {
    if (!model_ || !measurement_) {
        plan_.reset();
        budget_->clear();
        curve_->setMarker(std::nullopt);
        updateControls();
        return;
    }
    try {
        // The extremes first (the slider spans them), then the plan within the slider's budget.
        const qs::Autoplan top = qs::planMixture(*model_, *measurement_, UINT64_MAX, source_.toStdString());
        const double f = double(slider_->value()) / kSliderSteps;
        const uint64_t budget = top.minBytes + uint64_t(std::llround(f * double(top.maxBytes - top.minBytes)));
        plan_ = qs::planMixture(*model_, *measurement_, budget, source_.toStdString());
        budget_->setText(tr("%1 (%2 bits/weight) → planned %3, %4 bits/weight, estimated KLD %5")
                             .arg(formatBytes(double(budget)))
                             .arg(8.0 * double(budget) / double(model_->totalParams()), 0, 'f', 2)
                             .arg(formatBytes(double(plan_->totalBytes)))
                             .arg(plan_->bitsPerWeight(), 0, 'f', 2)
                             .arg(plan_->estimatedKld, 0, 'e', 2));
        curve_->setMarker(qs::widgets::CurvePoint{plan_->bitsPerWeight(), plan_->estimatedKld, tr("Current budget")});
    } catch (const std::exception& e) {
        plan_.reset();
        budget_->setText(QString::fromUtf8(e.what()));
        curve_->setMarker(std::nullopt);
    }
    updateControls();
    emit planned();
}

void SensitivityTab::updateCurve() {
    QList<qs::widgets::CurveSeries> series;
    if (model_ && measurement_) {
        try {
            const qs::Autoplan top = qs::planMixture(*model_, *measurement_, UINT64_MAX, source_.toStdString());
            qs::widgets::CurveSeries planner{tr("Planner (estimated)"), qs::widgets::CurveSeries::Line, QColor(60, 110, 190), {}};
            constexpr int kPoints = 24;
            for (int k = 0; k < kPoints; ++k) {
                const uint64_t budget = top.minBytes + uint64_t(double(top.maxBytes - top.minBytes) * k / (kPoints - 1));
                const qs::Autoplan p = qs::planMixture(*model_, *measurement_, budget, source_.toStdString());
                planner.points.append({p.bitsPerWeight(), p.estimatedKld, {}});
            }
            series.append(planner);
            qs::widgets::CurveSeries llama{tr("llama.cpp mixtures (estimated)"), qs::widgets::CurveSeries::Points, QColor(220, 120, 40), {}};
            for (qs::LlamaFtype f : {qs::LlamaFtype::Q2_K, qs::LlamaFtype::Q3_K_M, qs::LlamaFtype::Q4_K_M, qs::LlamaFtype::Q5_K_M,
                                     qs::LlamaFtype::Q6_K}) {
                const auto types = qs::llamaMixtureTypes(*model_, f, true);
                if (auto k = estimatedKld(*model_, *measurement_, types))
                    llama.points.append({8.0 * double(qs::planBytes(*model_, types)) / double(model_->totalParams()), *k,
                                         QString::fromStdString(qs::llamaFtypeName(f))});
            }
            if (!llama.points.isEmpty()) series.append(llama);
        } catch (const std::exception&) {
            // No plan possible (a tensor without a usable candidate): replan() shows why.
        }
    }
    curve_->setTitle(tr("Estimated KLD against size"));
    curve_->setSeries(series);
}

void SensitivityTab::updateControls() {
    const bool running = job_ != 0;
    run_->setEnabled(model_ && !running);
    cancel_->setEnabled(running);
    load_->setEnabled(model_ && !running);
    slider_->setEnabled(measurement_ != nullptr);
    apply_->setEnabled(plan_.has_value());
    shownType_->setEnabled(shownType_->count() > 0);
}

QString SensitivityTab::summaryText() const { return budget_->text(); }

bool SensitivityTab::applyToPlan() {
    if (!plan_ || !model_ || planModel_->model() != model_) return false;
    qs::widgets::Plan next = planModel_->plan();
    if (next.size() != model_->tensors().size()) return false;
    for (const auto& c : plan_->chosen) next[c.tensor] = c.type;
    planModel_->applyPlan(next, tr("Autoplan at %1 bits/weight").arg(plan_->bitsPerWeight(), 0, 'f', 2));
    emit message(tr("Applied the planned mixture (%1, %2 bits/weight, estimated KLD %3) to the Plan tab.")
                     .arg(formatBytes(double(plan_->totalBytes)))
                     .arg(plan_->bitsPerWeight(), 0, 'f', 3)
                     .arg(plan_->estimatedKld, 0, 'e', 3));
    return true;
}

} // namespace qs::gui
