// quantscope-cli layer FILE.safetensors --method M --bits B --group G ...: the single-layer lab. FILE holds
// `weight` [out, in] and `calib` [n, in] (F32); prints the relative output error on the calibration rows,
// the weight MSE and the time the method took.
#include "app/cli/command.h"
#include "core/formats/safetensors_writer.h"
#include "core/quant/layer_lab.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

QuantMethod parseMethod(const std::string& m) {
    if (m == "rtn") return QuantMethod::RTN;
    if (m == "gptq") return QuantMethod::GPTQ;
    if (m == "awq") return QuantMethod::AWQ;
    if (m == "hqq") return QuantMethod::HQQ;
    throw Error("layer", "--method must be rtn, gptq, awq or hqq");
}

QuantSpec specFromArgs(const Args& args) {
    const QuantMethod method = parseMethod(args.value("method", "rtn"));
    if (auto type = args.value("type")) {
        const TypeTraits* t = findTypeByName(*type);
        if (!t || !t->isQuantized) throw Error("layer", "--type " + *type + " is not a GGUF block type");
        return QuantSpec::gguf(t->type, method);
    }
    const int bits = int(args.integer("bits", 4, 2, 8));
    const long long group = args.integer("group", 128, -1, 1 << 30);
    return QuantSpec::integer(method, bits, group <= 0 ? Granularity::Channel : Granularity::Group, group <= 0 ? 128 : group,
                              args.flag("sym"));
}

int run(Args& args) {
    args.accept({"method", "bits", "group", "type", "out", "threads", "damp", "block-size"},
                {"sym", "act-order", "static-groups", "json"});
    args.expectPositionals(1, 1);
    const QuantSpec spec = specFromArgs(args);
    spec.validate();
    MethodOptions opt;
    opt.gptq.actOrder = args.flag("act-order") || args.flag("static-groups");
    opt.gptq.staticGroups = args.flag("static-groups");
    opt.gptq.dampPercent = args.number("damp", 0.01);
    opt.gptq.blockSize = args.integer("block-size", 128, 1, 1 << 20);
    if ((opt.gptq.actOrder || opt.gptq.staticGroups) && spec.method != QuantMethod::GPTQ)
        throw Error("layer", "--act-order and --static-groups apply to --method gptq");
    ThreadPool pool(int(args.integer("threads", 0, 0, 1024)));

    const LayerFile layer = loadLayerFile(args.positional(0, "FILE"));
    const LayerLabResult lab = runLayerLab(layer, spec, opt, &pool);
    if (auto out = args.value("out")) {
        SafetensorsWriter w;
        w.addF32("weight", {layer.rows, layer.cols}, lab.result.weight);
        w.setMetadata({{"format", "pt"}, {"quantscope.spec", spec.toString()}});
        w.write(*out);
    }
    const double rel = lab.metrics.relOutputError.value_or(0.0);
    if (args.flag("json")) {
        nlohmann::json j = {{"file", args.positional(0, "FILE")},
                            {"shape", {layer.rows, layer.cols}},
                            {"calib_rows", layer.calibRows},
                            {"method", methodName(spec.method)},
                            {"spec", spec.toString()},
                            {"act_order", opt.gptq.actOrder},
                            {"static_groups", opt.gptq.staticGroups},
                            {"bits_per_weight", spec.bitsPerWeight(layer.rows, layer.cols)},
                            {"rel_output_error", rel},
                            {"weight_mse", lab.metrics.mse},
                            {"seconds", lab.secondsWall},
                            {"seconds_wall", lab.secondsWall},
                            {"seconds_cpu", lab.secondsCpu},
                            {"threads", pool.size()},
                            {"notes", lab.result.notes}};
        std::printf("%s\n", j.dump(1).c_str());
        return 0;
    }
    std::printf("layer            [%lld, %lld], %lld calibration rows\n", (long long)layer.rows, (long long)layer.cols,
                (long long)layer.calibRows);
    std::printf("spec             %s%s%s (%.3f bits per weight)\n", spec.toString().c_str(), opt.gptq.actOrder ? " act-order" : "",
                opt.gptq.staticGroups ? " static-groups" : "", spec.bitsPerWeight(layer.rows, layer.cols));
    std::printf("rel_output_error %.6e\nweight_mse       %.6e\n", rel, lab.metrics.mse);
    std::printf("seconds          %.3f wall, %.3f CPU (%d threads)\n", lab.secondsWall, lab.secondsCpu, pool.size());
    for (auto& n : lab.result.notes) std::printf("note: %s\n", n.c_str());
    return 0;
}

const CommandRegistration reg({"layer",
                               "FILE.safetensors --method rtn|gptq|awq|hqq [--bits B] [--group G] [--sym] [--act-order] "
                               "[--static-groups] [--type GGUFTYPE] [--damp P] [--out W.safetensors] [--threads N] [--json]",
                               "single-layer lab: quantize one layer with its calibration rows, print output error and time",
                               run});

} // namespace
} // namespace qs::cli
