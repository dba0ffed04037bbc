// qs-label: nosan
// The sequential pipeline on austen-5m with a small calibration set: per-layer errors (GPTQ and AWQ below
// RTN), thread-count independence, progress, cancellation, tensor selection, the GQA note, in-memory eval.
#include "core/pipeline/awq_block.h"
#include "core/pipeline/pipeline.h"
#include "core/runtime/forward.h"
#include "core/runtime/perplexity.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"
#include "tests/support/support.h"

#include <QtTest>
#include <mutex>

namespace {

const qs::Model& model5m() {
    static const qs::Model m = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
    return m;
}

const std::vector<int32_t>& calibIds() {
    static const std::vector<int32_t> ids = qs::Tokenizer::fromFile(qs::test::sharedPath("models/austen-5m/tokenizer.model"))
                                                .encode(qs::readEvalText(qs::test::sharedPath("data/calib-austen.txt")));
    return ids;
}

qs::PipelineOptions options(qs::QuantMethod m, int bits = 3) {
    qs::PipelineOptions o;
    o.spec = qs::QuantSpec::integer(m, bits, qs::Granularity::Group, 128, false);
    o.calib.samples = 8;
    o.calib.seqLen = 64;
    o.samplesPerBatch = 4;
    return o;
}

double totalError(const qs::PipelineResult& r) {
    double s = 0;
    for (auto& t : r.tensors) s += t.relOutputError;
    return s;
}

} // namespace

class TestPipeline : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QS_REQUIRE_SHARED("models/austen-5m"); }

    void methodsBeatRtnLayerByLayer() {
        qs::ThreadPool pool(2);
        const auto rtn = qs::quantizeModel(model5m(), calibIds(), 1, options(qs::QuantMethod::RTN), pool);
        const auto gptq = qs::quantizeModel(model5m(), calibIds(), 1, options(qs::QuantMethod::GPTQ), pool);
        const auto awq = qs::quantizeModel(model5m(), calibIds(), 1, options(qs::QuantMethod::AWQ), pool);
        QCOMPARE(rtn.tensors.size(), size_t(4 * 7));
        QCOMPARE(gptq.tensors.size(), rtn.tensors.size());
        QCOMPARE(gptq.tensors[0].name, std::string("model.layers.0.self_attn.q_proj.weight"));
        QCOMPARE(gptq.tensors[6].name, std::string("model.layers.0.mlp.down_proj.weight"));
        qInfo("sum of rel. output errors: rtn %.4f gptq %.4f awq %.4f", totalError(rtn), totalError(gptq), totalError(awq));
        QVERIFY(totalError(gptq) < 0.8 * totalError(rtn));
        QVERIFY(totalError(awq) < totalError(rtn));
        // GQA: v_proj (4 KV heads) cannot absorb o_proj's scales.
        QVERIFY(std::any_of(awq.notes.begin(), awq.notes.end(), [](auto& n) { return n.find("grouped-query") != std::string::npos; }));
    }

    void deterministicAcrossThreads() {
        auto o = options(qs::QuantMethod::GPTQ, 4);
        o.tensorRegex = "layers\\.[01]\\.";
        o.methods.gptq.actOrder = true;
        qs::ThreadPool one(1), three(3);
        const auto a = qs::quantizeModel(model5m(), calibIds(), 1, o, one);
        const auto b = qs::quantizeModel(model5m(), calibIds(), 1, o, three);
        QCOMPARE(a.tensors.size(), size_t(14));
        for (size_t i = 0; i < a.tensors.size(); ++i) QVERIFY(a.tensors[i].result.weight == b.tensors[i].result.weight);
    }

    // AWQ's scale search runs the attention and MLP modules on their inputs: with the model's own weights they must
    // reproduce the residual updates of the forward pass.
    void awqModulesMatchTheForwardPass() {
        qs::ThreadPool pool(2);
        qs::ModelWeights w(model5m());
        qs::Forward fwd(w, pool);
        const int64_t nSeq = 2, T = 32, d = fwd.hparams().hiddenSize;
        std::vector<int32_t> tokens(size_t(nSeq * T));
        for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = int32_t(i % T == 0 ? 1 : calibIds()[100 + i]);
        std::vector<float> x(size_t(nSeq * T * d));
        fwd.embed(tokens.data(), nSeq * T, x.data());
        fwd.runBlock(0, x.data(), nSeq, T); // block 1 sees non-trivial states
        std::vector<float> attnIn, mlpIn;
        fwd.setObserver([&](qs::TensorRole c, int, const float* in, int64_t rows, int64_t cols) {
            if (c == qs::TensorRole::AttnQ) attnIn.assign(in, in + rows * cols);
            if (c == qs::TensorRole::MlpGate) mlpIn.assign(in, in + rows * cols);
        });
        std::vector<float> x1 = x, x2 = x;
        fwd.runBlock(1, x1.data(), nSeq, T, nullptr, qs::TensorRole::MlpGate); // x + attention
        fwd.runBlock(1, x2.data(), nSeq, T);                                   // x + attention + MLP
        fwd.setObserver({});
        auto group = [&](std::initializer_list<qs::TensorRole> roles) {
            std::vector<const qs::FloatMatrix*> g;
            for (auto r : roles) g.push_back(w.require({r, 1, false}).get());
            return g;
        };
        std::vector<float> out(x.size());
        qs::runAwqModule(qs::AwqModule::Attention, w, 1, group({qs::TensorRole::AttnQ, qs::TensorRole::AttnK, qs::TensorRole::AttnV}),
                         attnIn.data(), nSeq, T, out.data(), pool);
        for (size_t i = 0; i < x.size(); ++i) QVERIFY(std::fabs(x[i] + out[i] - x1[i]) <= 1e-5f * (1 + std::fabs(x1[i])));
        qs::runAwqModule(qs::AwqModule::Mlp, w, 1, group({qs::TensorRole::MlpGate, qs::TensorRole::MlpUp}), mlpIn.data(), nSeq, T,
                         out.data(), pool);
        for (size_t i = 0; i < x.size(); ++i) QVERIFY(std::fabs(x1[i] + out[i] - x2[i]) <= 1e-5f * (1 + std::fabs(x2[i])));
    }

    // The clip check picks, over every combination of the members' candidates, the least module output error;
    // combination 0 wins ties.
    void awqModuleChoiceKeepsTheLeastModuleError() {
        qs::ThreadPool pool(2);
        qs::ModelWeights w(model5m());
        qs::Forward fwd(w, pool);
        const int64_t nSeq = 2, T = 32;
        std::vector<int32_t> tokens(size_t(nSeq * T));
        for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = int32_t(i % T == 0 ? 1 : calibIds()[300 + i]);
        std::vector<float> mlpIn;
        fwd.setObserver([&](qs::TensorRole c, int block, const float* in, int64_t rows, int64_t cols) {
            if (c == qs::TensorRole::MlpGate && block == 1) mlpIn.assign(in, in + rows * cols);
        });
        std::vector<float> logits(size_t(nSeq * fwd.vocabSize()));
        fwd.run(tokens.data(), nSeq, T, T - 1, logits.data());
        fwd.setObserver({});
        const auto gate = w.require({qs::TensorRole::MlpGate, 1, false}), up = w.require({qs::TensorRole::MlpUp, 1, false});
        const std::vector<qs::AwqLayerRef> refs = {{gate->data.data(), gate->rows}, {up->data.data(), up->rows}};
        auto noisy = [](std::vector<float> v, float amount) {
            for (size_t i = 0; i < v.size(); i += 3) v[i] *= 1.0f + amount;
            return v;
        };
        const std::vector<float> gateNoisy = noisy(gate->data, 0.2f), upNoisy = noisy(up->data, 0.2f), upLessNoisy = noisy(up->data, 0.05f);
        const qs::AwqModuleInput in{mlpIn.data(), nSeq, T, 1};
        qs::AwqModuleObjective objective(qs::AwqModule::Mlp, w, 1, in, refs, pool);
        auto choose = [&](std::vector<std::vector<const std::vector<float>*>> c) { return qs::chooseAwqModuleCandidates(objective, c); };
        QCOMPARE(choose({{&gateNoisy, &gate->data}, {&upNoisy, &upLessNoisy}}), (std::vector<size_t>{1, 1}));
        QCOMPARE(choose({{&gate->data, &gateNoisy}, {&upLessNoisy, &upNoisy}}), (std::vector<size_t>{0, 0}));
        QCOMPARE(choose({{&gateNoisy, &gateNoisy}, {&upNoisy}}), (std::vector<size_t>{0, 0})); // a tie: the first
        QCOMPARE(choose({{}, {&upNoisy, &up->data}}), (std::vector<size_t>{0, 1}));           // gate stays float
        QVERIFY_THROWS_EXCEPTION(qs::Error, choose({{&gateNoisy}}));                           // one list per member
        const std::vector<float> wrongShape(10);
        QVERIFY_THROWS_EXCEPTION(qs::Error, choose({{&wrongShape}, {&upNoisy}}));
    }

    // The clip check with part of each module selected (the other members stay float) reports what it did.
    void awqClipCheckOnPartOfAModule() {
        auto o = options(qs::QuantMethod::AWQ, 3);
        o.tensorRegex = "layers\\.0\\.(self_attn\\.v_proj|mlp\\.up_proj)";
        qs::ThreadPool pool(2);
        const auto r = qs::quantizeModel(model5m(), calibIds(), 1, o, pool);
        QCOMPARE(r.tensors.size(), size_t(2));
        for (auto& t : r.tensors) QVERIFY2(t.relOutputError > 0 && t.relOutputError < 0.2, t.name.c_str());
        const auto note = std::find_if(r.notes.begin(), r.notes.end(), [](auto& n) { return n.find("clip search kept on") != std::string::npos; });
        QVERIFY(note != r.notes.end());
        QVERIFY2(note->find(" of 2 v/gate/up layers") != std::string::npos, note->c_str());
    }

    void awqDeterministicAcrossThreads() {
        auto o = options(qs::QuantMethod::AWQ, 3);
        o.tensorRegex = "layers\\.0\\.";
        qs::ThreadPool one(1), three(3);
        const auto a = qs::quantizeModel(model5m(), calibIds(), 1, o, one);
        const auto b = qs::quantizeModel(model5m(), calibIds(), 1, o, three);
        QCOMPARE(a.tensors.size(), size_t(7));
        for (size_t i = 0; i < a.tensors.size(); ++i) QVERIFY(a.tensors[i].result.weight == b.tensors[i].result.weight);
    }

    void progressAndCancel() {
        auto o = options(qs::QuantMethod::GPTQ);
        o.tensorRegex = "mlp";
        qs::ThreadPool pool(2);
        std::mutex mu;
        std::vector<double> fractions;
        std::vector<std::string> stages;
        qs::quantizeModel(model5m(), calibIds(), 1, o, pool, [&](double f, const std::string& s) {
            std::lock_guard lock(mu);
            fractions.push_back(f);
            stages.push_back(s);
        });
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);
        QVERIFY(std::find(stages.begin(), stages.end(), "block 2/4 mlp_down") != stages.end());

        qs::CancelToken cancel;
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(qs::Cancelled, qs::quantizeModel(model5m(), calibIds(), 1, o, pool,
                                                                  [&](double, const std::string&) {
                                                                      if (++calls == 3) cancel.cancel();
                                                                  },
                                                                  &cancel));
    }

    void selectionAndRefusals() {
        qs::ThreadPool pool(2);
        auto o = options(qs::QuantMethod::RTN);
        o.tensorRegex = "no_such_tensor";
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeModel(model5m(), calibIds(), 1, o, pool));
        o = options(qs::QuantMethod::GPTQ);
        o.spec.groupSize = 96; // 256 inputs do not split into groups of 96
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeModel(model5m(), calibIds(), 1, o, pool));
    }

    void evaluatesInMemory() {
        qs::ThreadPool pool(2);
        auto o = options(qs::QuantMethod::GPTQ, 4);
        o.spec = qs::QuantSpec::gguf(qs::DType::Q4_K, qs::QuantMethod::GPTQ);
        o.sequential = false; // original inputs
        const auto r = qs::quantizeModel(model5m(), calibIds(), 1, o, pool);
        QVERIFY(!r.tensors[0].result.blocks.empty());
        qs::ModelWeights base(model5m());
        qs::OverlayWeights overlay(base);
        qs::applyToOverlay(r, overlay);
        qs::Forward f0(base, pool), f1(overlay, pool);
        const auto ids = qs::Tokenizer::fromFile(qs::test::sharedPath("models/austen-5m/tokenizer.model"))
                             .encode(qs::readEvalText(qs::test::sharedPath("data/eval-persuasion.txt")));
        qs::EvalOptions eo;
        eo.maxChunks = 4;
        const double p0 = qs::computePerplexity(f0, ids, eo, 1).ppl, p1 = qs::computePerplexity(f1, ids, eo, 1).ppl;
        qInfo("first 4 chunks: original %.4f, GPTQ→Q4_K %.4f", p0, p1);
        QVERIFY(p1 > p0 && p1 < p0 * 1.1);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
