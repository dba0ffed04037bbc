// quantscope-cli sensitivity MODEL --calib FILE --text FILE --candidates Q2_K,...: per tensor and candidate GGUF
// type, the KLD increase when only that tensor is quantized and the relative output error on calibration
// activations, cached in a measurement file (core/pipeline/sensitivity.h).
#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_bar.h"
#include "app/cli/table.h"
#include "core/export/gguf_export.h"
#include "core/model/model.h"
#include "core/pipeline/sensitivity.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/eval_loop.h"
#include "core/util/mapped_file.h"
#include "core/util/sha256.h"

#include <cstdio>
#include <sstream>

namespace qs::cli {
namespace {

std::vector<DType> parseCandidates(const std::string& list) {
    std::vector<DType> out;
    std::stringstream ss(list);
    for (std::string name; std::getline(ss, name, ',');) {
        const TypeTraits* t = findTypeByName(name);
        if (!t || !t->isQuantized || !t->fromFloatRef || t->type == DType::Q8_K)
            throw Error("--candidates", "'" + name + "' is not a GGUF block type Quantscope quantizes (Q4_0 … Q8_0, Q2_K … Q6_K)");
        if (std::find(out.begin(), out.end(), t->type) == out.end()) out.push_back(t->type);
    }
    if (out.empty()) throw Error("--candidates", "name at least one type");
    return out;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int run(Args& args) {
    args.accept({"calib", "text", "tokens", "candidates", "method", "imatrix", "ctx", "chunks", "samples", "seq-len", "seed", "out",
                 "threads"},
                {"quiet"});
    args.expectPositionals(1, 1);
    const std::string method = args.value("method", "rtn");
    if (method != "rtn" && method != "gptq" && method != "awq") throw Error("--method", "'" + method + "': sensitivity measures rtn, gptq or awq");
    const auto calibPath = args.value("calib");
    if (!calibPath) throw Error("sensitivity", "missing --calib FILE (a text, or a calibrate output .safetensors)");
    SensitivityOptions opt;
    opt.candidates = parseCandidates(args.value("candidates", "Q2_K,Q3_K,Q4_K,Q5_K,Q6_K,Q8_0"));
    opt.method = method == "gptq" ? QuantMethod::GPTQ : method == "awq" ? QuantMethod::AWQ : QuantMethod::RTN;
    checkSensitivityMethod(opt.method, opt.candidates, args.value("imatrix").has_value(), "--method");
    opt.ctx = args.integer("ctx", 256, 16, 1 << 20);
    opt.chunks = args.integer("chunks", 8, 0, INT32_MAX);
    opt.calib.samples = args.integer("samples", 16, 1, 1 << 20);
    opt.calib.seqLen = args.integer("seq-len", 256, 2, 1 << 20);
    opt.calib.seed = uint64_t(args.integer("seed", 0, 0, INT64_MAX));
    const std::string out = args.value("out", "");

    const Model model = loadModel(args.positional(0, "MODEL"));
    Imatrix imatrix;
    std::vector<std::vector<float>> importance;
    std::string imatrixDigestText;
    if (auto path = args.value("imatrix")) {
        imatrix = readImatrix(*path);
        importance = imatrixWeights(model, imatrix, *path);
        opt.importance = &importance;
        imatrixDigestText = imatrixDigest(imatrix);
    }
    SensitivityInput input;
    const EvalInput eval = loadEvalInput({&model}, args.value("text", ""), args.value("tokens", ""));
    input.evalIds = eval.ids;
    input.bosId = eval.bosId;
    CalibrationData precomputed;
    std::string calibDigest;
    if (endsWith(*calibPath, ".safetensors")) {
        precomputed = loadCalibration(*calibPath);
        opt.precomputed = &precomputed;
        const MappedFile f(*calibPath);
        calibDigest = Sha256::hex(f.data(), f.size());
    } else {
        input.calibIds = loadEvalInput({&model}, *calibPath, "").ids;
        calibDigest = idsDigest(input.calibIds);
    }
    const auto settings = sensitivitySettings(input, opt, imatrixDigestText, calibDigest);

    ThreadPool pool(int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024)));
    const Stopwatch clock;
    int64_t measured = 0;
    Measurement m;
    {
        ProgressBar bar;
        m = measureCached(model, out, input, opt, settings, pool, &measured, bar.sink(), &interruptToken());
    }
    if (!out.empty() && args.value("imatrix") && m.imatrixPath != *args.value("imatrix")) {
        m.imatrixPath = *args.value("imatrix");
        saveMeasurement(m, out);
    }
    if (!args.flag("quiet")) {
        std::vector<std::string> head = {"tensor"};
        std::vector<bool> right = {false};
        for (DType c : opt.candidates) {
            head.push_back(std::string(typeName(c)) + " KLD");
            right.push_back(true);
        }
        for (DType c : opt.candidates) {
            head.push_back(std::string(typeName(c)) + " out-err");
            right.push_back(true);
        }
        Table table(head, right);
        char buf[32];
        for (auto& t : m.tensors) {
            std::vector<std::string> row = {t.name};
            for (DType c : opt.candidates) {
                auto it = t.results.find(c);
                std::snprintf(buf, sizeof buf, "%.3e", it == t.results.end() ? 0.0 : it->second.kld);
                row.push_back(it == t.results.end() ? "-" : buf);
            }
            for (DType c : opt.candidates) {
                auto it = t.results.find(c);
                const bool has = it != t.results.end() && it->second.relOutputError;
                if (has) std::snprintf(buf, sizeof buf, "%.3e", *it->second.relOutputError);
                row.push_back(has ? buf : "-");
            }
            table.add(row);
        }
        table.print(stdout);
    }
    std::printf("%lld new measurements in %.1f s%s%s\n", (long long)measured, clock.seconds(), out.empty() ? "" : " -> ",
                out.c_str());
    return 0;
}

const CommandRegistration reg({"sensitivity",
                               "MODEL --calib FILE|CALIB.safetensors (--text FILE | --tokens FILE) [--candidates Q2_K,Q3_K,Q4_K,Q5_K,Q6_K,Q8_0] "
                               "[--method rtn|gptq|awq] [--imatrix FILE (rtn only)] [--ctx 256] [--chunks 8] [--samples 16] [--seq-len 256] [--seed 0] "
                               "[--out measurement.json] [--threads N] [--quiet]",
                               "per-tensor KLD increase and output error of each candidate type (cached in a measurement file)", run});

} // namespace
} // namespace qs::cli
