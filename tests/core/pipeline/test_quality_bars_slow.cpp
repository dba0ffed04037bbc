// qs-label: nosan
// Issue 5's quality bars on both shared models: calibration 128 × 256 tokens of calib-austen.txt (seed 0,
// sequential), perplexity on eval-persuasion.txt at ctx 256. GPTQ and AWQ perplexity strictly below RTN at
// 3-bit g128 and 2-bit g64 (asymmetric; 4-bit g128 reported); GPTQ into Q4_0 and Q4_K with a lower KLD than
// the plain block quantizers. Evaluation: every chunk of the text on both models (at 3 bits the RTN/GPTQ/AWQ
// perplexity differences are within the noise of the first 64 chunks: the order flips on both models);
// QS_QUALITY_CHUNKS=N: the first N (0: all);
// QS_QUALITY_4BIT=1 adds the 4-bit g128 row (reported, no bar). GPTQ runs with act-order and static groups.
#include "core/pipeline/pipeline.h"
#include "core/runtime/forward.h"
#include "core/runtime/kld.h"
#include "core/runtime/perplexity.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "core/util/thread_pool.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cstdlib>

namespace {

struct Bench {
    const qs::Model& model;
    std::vector<int32_t> calib, eval;
    qs::ThreadPool pool{0};
    qs::EvalOptions eo;

    Bench(const qs::Model& m, int64_t chunks) : model(m) {
        const auto tok = qs::Tokenizer::fromFile(qs::test::sharedPath("models/austen-5m/tokenizer.model"));
        calib = tok.encode(qs::readEvalText(qs::test::sharedPath("data/calib-austen.txt")));
        eval = tok.encode(qs::readEvalText(qs::test::sharedPath("data/eval-persuasion.txt")));
        eo.maxChunks = chunks;
        if (const char* c = std::getenv("QS_QUALITY_CHUNKS")) eo.maxChunks = std::atoll(c);
    }

    qs::PipelineResult quantize(const qs::QuantSpec& spec) {
        qs::PipelineOptions o;
        o.spec = spec;
        o.calib.samples = 128;
        o.calib.seqLen = 256;
        o.methods.gptq.actOrder = o.methods.gptq.staticGroups = true;
        return qs::quantizeModel(model, calib, 1, o, pool);
    }

    qs::KldResult evaluate(const qs::PipelineResult& r) {
        qs::ModelWeights base(model);
        qs::OverlayWeights overlay(base);
        qs::applyToOverlay(r, overlay);
        qs::Forward f0(base, pool), f1(overlay, pool);
        return qs::computeKld(f0, f1, eval, eo, 1);
    }
};

// Measures everything first (so every number is printed), then returns the bars that failed.
std::vector<std::string> runModel(const std::string& rel, int64_t chunks) {
    const qs::Model model = qs::loadModel(qs::test::sharedPath(rel));
    Bench b(model, chunks);
    std::vector<std::string> failed;
    struct Config { int bits; int64_t group; bool bar; };
    std::vector<Config> configs = {Config{3, 128, true}, Config{2, 64, true}};
    if (const char* v = std::getenv("QS_QUALITY_4BIT"); v && std::string(v) == "1") configs.insert(configs.begin(), Config{4, 128, false});
    for (Config c : configs) {
        double ppl[3];
        const qs::QuantMethod methods[3] = {qs::QuantMethod::RTN, qs::QuantMethod::GPTQ, qs::QuantMethod::AWQ};
        for (int m = 0; m < 3; ++m) {
            const auto spec = qs::QuantSpec::integer(methods[m], c.bits, qs::Granularity::Group, c.group, false);
            const auto r = b.quantize(spec);
            const auto k = b.evaluate(r);
            ppl[m] = k.pplCandidate;
            qInfo("%s %s: PPL %.4f (original %.4f), KLD %.5f, quantized in %.1f s", rel.c_str(), spec.toString().c_str(),
                  k.pplCandidate, k.pplBase, k.kldMean, r.seconds);
        }
        if (c.bar && !(ppl[1] < ppl[0])) failed.push_back(rel + " " + std::to_string(c.bits) + "-bit: GPTQ PPL not below RTN");
        if (c.bar && !(ppl[2] < ppl[0])) failed.push_back(rel + " " + std::to_string(c.bits) + "-bit: AWQ PPL not below RTN");
    }
    for (auto t : {qs::DType::Q4_0, qs::DType::Q4_K}) {
        const auto plain = b.evaluate(b.quantize(qs::QuantSpec::gguf(t, qs::QuantMethod::RTN)));
        const auto gptq = b.evaluate(b.quantize(qs::QuantSpec::gguf(t, qs::QuantMethod::GPTQ)));
        qInfo("%s %s: KLD plain %.5f (PPL %.4f) vs GPTQ %.5f (PPL %.4f)", rel.c_str(), std::string(qs::typeName(t)).c_str(),
              plain.kldMean, plain.pplCandidate, gptq.kldMean, gptq.pplCandidate);
        if (!(gptq.kldMean < plain.kldMean)) failed.push_back(rel + " " + std::string(qs::typeName(t)) + ": GPTQ KLD not below plain");
    }
    return failed;
}

void check(const std::vector<std::string>& failed) {
    for (auto& f : failed) qWarning("%s", f.c_str());
    QVERIFY2(failed.empty(), "quality bars missed (see warnings)");
}

} // namespace

class TestQualityBarsSlow : public QObject {
    Q_OBJECT
private slots:
    void austen5m() {
        QS_REQUIRE_SHARED("models/austen-5m");
        check(runModel("models/austen-5m", 0));
    }
    void austen29m() {
        QS_REQUIRE_SHARED("models/austen-29m");
        check(runModel("models/austen-29m", 0));
    }
};

QTEST_GUILESS_MAIN(TestQualityBarsSlow)
#include "test_quality_bars_slow.moc"
