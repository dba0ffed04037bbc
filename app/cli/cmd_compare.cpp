// quantscope-cli compare MODEL --methods rtn,awq,gptq --bits B --group G --calib FILE --text FILE: each
// method through the sequential pipeline, then a per-layer error table and whole-model perplexity, KL
// divergence and size for each, side by side.
#include "app/cli/command.h"
#include "app/cli/progress_bar.h"
#include "app/cli/table.h"
#include "core/pipeline/compare.h"
#include "core/runtime/eval_input.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace qs::cli {
namespace {

std::vector<QuantSpec> specsFromArgs(const Args& args) {
    std::vector<QuantSpec> specs;
    std::stringstream list(args.value("methods", "rtn,awq,gptq"));
    for (std::string name; std::getline(list, name, ',');) {
        QuantMethod m;
        if (name == "rtn") m = QuantMethod::RTN;
        else if (name == "gptq") m = QuantMethod::GPTQ;
        else if (name == "awq") m = QuantMethod::AWQ;
        else if (name == "hqq") m = QuantMethod::HQQ;
        else throw Error("compare", "unknown method '" + name + "' (rtn, awq, gptq, hqq)");
        QuantSpec s;
        if (auto type = args.value("type")) {
            const TypeTraits* t = findTypeByName(*type);
            if (!t || !t->isQuantized) throw Error("compare", "--type " + *type + " is not a GGUF block type");
            s = QuantSpec::gguf(t->type, m);
        } else {
            const long long g = args.integer("group", 128, -1, 1 << 30);
            s = QuantSpec::integer(m, int(args.integer("bits", 4, 2, 8)), g <= 0 ? Granularity::Channel : Granularity::Group,
                                   g <= 0 ? 128 : g, args.flag("sym"));
        }
        s.validate();
        specs.push_back(s);
    }
    if (specs.empty()) throw Error("compare", "--methods is empty");
    return specs;
}

std::string sci(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3e", v);
    return b;
}

int run(Args& args) {
    args.accept({"methods", "bits", "group", "type", "tensors", "calib", "text", "tokens", "chunks", "ctx", "samples", "seq-len",
                 "seed", "threads", "damp"},
                {"sym", "act-order", "static-groups", "original-inputs", "awq-duo", "json"});
    args.expectPositionals(1, 1);
    CompareOptions opt;
    opt.specs = specsFromArgs(args);
    PipelineOptions& po = opt.pipeline;
    po.tensorRegex = args.value("tensors", "");
    po.calib.samples = args.integer("samples", 128, 1, 1 << 20);
    po.calib.seqLen = args.integer("seq-len", 256, 2, 1 << 20);
    po.calib.seed = uint64_t(args.integer("seed", 0, 0, INT64_MAX));
    po.sequential = !args.flag("original-inputs");
    po.methods.gptq.actOrder = args.flag("act-order") || args.flag("static-groups");
    po.methods.gptq.staticGroups = args.flag("static-groups");
    po.methods.gptq.dampPercent = args.number("damp", 0.01);
    po.methods.awq.duoScaling = args.flag("awq-duo");
    opt.eval.ctx = args.integer("ctx", 256, 4, 1 << 16);
    opt.eval.maxChunks = args.integer("chunks", 0, 0, 1 << 30);

    const Model model = loadModel(args.positional(0, "MODEL"));
    const auto calibPath = args.value("calib");
    if (!calibPath) throw Error("compare", "missing --calib FILE (a text file or a calibrate .safetensors)");
    CalibrationData precomputed;
    std::vector<int32_t> calibIds;
    if (calibPath->size() > 12 && calibPath->ends_with(".safetensors")) {
        precomputed = loadCalibration(*calibPath);
        po.precomputed = &precomputed;
    } else {
        calibIds = loadEvalInput({&model}, *calibPath, "").ids;
    }
    const EvalInput text = loadEvalInput({&model}, args.value("text", ""), args.value("tokens", ""));
    ThreadPool pool(int(args.integer("threads", 0, 0, 1024)));

    Comparison cmp;
    {
        ProgressBar bar;
        cmp = compareMethods(model, calibIds, text.ids, text.bosId, opt, pool, bar.sink());
    }

    if (args.flag("json")) {
        nlohmann::json methods = nlohmann::json::array();
        for (auto& m : cmp.methods) {
            nlohmann::json layers = nlohmann::json::array();
            for (auto& l : m.layers)
                layers.push_back({{"name", l.name}, {"rel_output_error", l.relOutputError}, {"weight_mse", l.weightMse}, {"seconds", l.seconds}});
            methods.push_back({{"method", methodName(m.spec.method)}, {"spec", m.spec.toString()}, {"ppl", m.eval.pplCandidate},
                               {"ppl_stderr", m.eval.pplCandidateStderr}, {"kld_mean", m.eval.kldMean}, {"kld_p99", m.eval.kldP99},
                               {"same_top_fraction", m.eval.sameTopFraction}, {"bytes", m.bytes}, {"bits_per_weight", m.bitsPerWeight},
                               {"quantize_seconds", m.quantizeSeconds}, {"layers", layers}, {"notes", m.notes}});
        }
        const nlohmann::json j = {{"model", model.path()}, {"base_ppl", cmp.basePpl}, {"base_bytes", cmp.baseBytes},
                                  {"tokens_scored", cmp.tokensScored}, {"sequential", po.sequential}, {"methods", methods}};
        std::printf("%s\n", j.dump(1).c_str());
        return 0;
    }

    std::vector<std::string> head = {"layer"};
    std::vector<bool> right = {false};
    for (auto& m : cmp.methods) head.push_back(std::string(methodName(m.spec.method)) + " rel.err"), right.push_back(true);
    Table layers(head, right);
    for (size_t i = 0; i < cmp.methods[0].layers.size(); ++i) {
        std::vector<std::string> row = {cmp.methods[0].layers[i].name};
        for (auto& m : cmp.methods) row.push_back(sci(m.layers[i].relOutputError));
        layers.add(row);
    }
    layers.print(stdout);
    std::printf("\n");
    Table summary({"method", "spec", "PPL", "ΔPPL %", "KLD mean", "KLD p99", "same top", "size", "bpw", "quantize s"},
                  {false, false, true, true, true, true, true, true, true, true});
    summary.add({"original", "-", fixed(cmp.basePpl, 4), "-", "-", "-", "-", humanBytes(double(cmp.baseBytes)), "-", "-"});
    for (auto& m : cmp.methods)
        summary.add({std::string(methodName(m.spec.method)), m.spec.toString(), fixed(m.eval.pplCandidate, 4),
                     fixed(100.0 * (m.eval.pplCandidate / cmp.basePpl - 1.0), 2), sci(m.eval.kldMean), sci(m.eval.kldP99),
                     fixed(m.eval.sameTopFraction, 4), humanBytes(double(m.bytes)), fixed(m.bitsPerWeight, 3), fixed(m.quantizeSeconds, 1)});
    summary.print(stdout);
    std::printf("\n%lld tokens scored; calibration %s\n", (long long)cmp.tokensScored,
                po.precomputed ? "from a calibrate file (original inputs)"
                               : (std::to_string(po.calib.samples) + " x " + std::to_string(po.calib.seqLen) + " tokens, " +
                                  (po.sequential ? "sequential" : "original inputs")).c_str());
    for (auto& m : cmp.methods)
        for (auto& n : m.notes) std::printf("note (%s): %s\n", std::string(methodName(m.spec.method)).c_str(), n.c_str());
    return 0;
}

const CommandRegistration reg({"compare",
                               "MODEL --methods rtn,awq,gptq[,hqq] [--bits B] [--group G] [--sym] [--type GGUFTYPE] [--tensors REGEX] "
                               "--calib FILE --text FILE [--chunks N] [--ctx 256] [--samples 128] [--seq-len 256] [--seed 0] "
                               "[--original-inputs] [--act-order] [--static-groups] [--awq-duo] [--threads N] [--json]",
                               "quantize a model with several methods and compare per-layer errors, perplexity, KLD and size", run});

} // namespace
} // namespace qs::cli
