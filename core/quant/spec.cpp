#include "core/quant/spec.h"

#include "core/util/error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

namespace qs {
namespace {

constexpr int kNf4Block = 64;

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = char(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

std::string upper(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = char(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == sep) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return parts;
}

template <class T>
bool parseNumber(std::string_view s, T& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string shortest(double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, p);
}

bool isFloatKeepType(DType t) { return t == DType::F32 || t == DType::F16 || t == DType::BF16; }

// The block types a weight may be stored in (Q8_1 / Q8_K are activation-only in llama.cpp).
bool isGgufWeightType(DType t) {
    const TypeTraits* tr = findType(t);
    return tr && tr->isQuantized && t != DType::Q8_1 && t != DType::Q8_K;
}

std::optional<QuantMethod> methodFromName(std::string_view s) {
    for (QuantMethod m : {QuantMethod::Keep, QuantMethod::RTN, QuantMethod::GPTQ, QuantMethod::AWQ, QuantMethod::HQQ})
        if (methodName(m) == s) return m;
    return std::nullopt;
}

std::optional<DType> ggufTypeFromName(std::string_view s) {
    const TypeTraits* tr = findTypeByName(upper(s));
    if (tr && isGgufWeightType(tr->type)) return tr->type;
    return std::nullopt;
}

const char* granularityName(Granularity g) {
    switch (g) {
    case Granularity::Tensor: return "tensor";
    case Granularity::Channel: return "channel";
    case Granularity::Group: return "group";
    }
    return "?";
}

const char* rangeName(RangeMode r) {
    switch (r) {
    case RangeMode::MinMax: return "minmax";
    case RangeMode::Percentile: return "percentile";
    case RangeMode::Mse: return "mse";
    }
    return "?";
}

const char* gridName(QuantGrid g) {
    switch (g) {
    case QuantGrid::Float: return "float";
    case QuantGrid::Integer: return "int";
    case QuantGrid::Gguf: return "gguf";
    case QuantGrid::NF4: return "nf4";
    }
    return "?";
}

template <class E, class NameFn>
E enumFromName(const std::string& s, std::initializer_list<E> values, NameFn name, const std::string& what) {
    for (E v : values)
        if (s == name(v)) return v;
    throw Error("spec", "unknown " + what + " '" + s + "'");
}

} // namespace

std::string_view methodName(QuantMethod m) {
    switch (m) {
    case QuantMethod::Keep: return "keep";
    case QuantMethod::RTN: return "rtn";
    case QuantMethod::GPTQ: return "gptq";
    case QuantMethod::AWQ: return "awq";
    case QuantMethod::HQQ: return "hqq";
    }
    return "?";
}

QuantSpec QuantSpec::keep(DType floatType) {
    QuantSpec s;
    s.type = floatType;
    return s;
}

QuantSpec QuantSpec::integer(QuantMethod m, int bits, Granularity g, int64_t groupSize, bool symmetric) {
    QuantSpec s;
    s.method = m;
    s.grid = QuantGrid::Integer;
    s.bits = bits;
    s.granularity = g;
    s.groupSize = g == Granularity::Group ? groupSize : 128;
    s.symmetric = symmetric;
    return s;
}

QuantSpec QuantSpec::gguf(DType blockType, QuantMethod m) {
    QuantSpec s;
    s.method = m;
    s.grid = QuantGrid::Gguf;
    s.type = blockType;
    return s;
}

QuantSpec QuantSpec::nf4() {
    QuantSpec s;
    s.method = QuantMethod::RTN;
    s.grid = QuantGrid::NF4;
    return s;
}

void QuantSpec::validate() const {
    auto fail = [&](const std::string& msg) { throw Error("spec '" + toString() + "'", msg); };
    switch (grid) {
    case QuantGrid::Float:
        if (method != QuantMethod::Keep) fail("a float target needs method keep");
        if (!isFloatKeepType(type)) fail("float storage must be F32, F16 or BF16");
        break;
    case QuantGrid::Gguf:
        if (method != QuantMethod::RTN && method != QuantMethod::GPTQ && method != QuantMethod::AWQ)
            fail("a GGUF block type takes method rtn, gptq or awq");
        if (!isGgufWeightType(type)) fail("not a GGUF weight block type");
        break;
    case QuantGrid::NF4:
        if (method != QuantMethod::RTN) fail("NF4 takes method rtn");
        break;
    case QuantGrid::Integer:
        if (method == QuantMethod::Keep) fail("an integer grid needs a quantization method");
        if (bits < 2 || bits > 8) fail("bits must be 2 to 8");
        if (granularity == Granularity::Group && groupSize < 1) fail("group size must be positive");
        if (range == RangeMode::Percentile && !(percentile > 50.0 && percentile <= 100.0))
            fail("percentile must be in (50, 100]");
        if (method == QuantMethod::HQQ && (symmetric || range != RangeMode::MinMax))
            fail("HQQ is asymmetric with a min-max start (its optimiser moves the zero point)");
        break;
    }
}

void QuantSpec::validateShape(int64_t rows, int64_t cols, const std::string& tensorName) const {
    validate();
    const std::string subject = tensorName.empty() ? "spec '" + toString() + "'" : tensorName;
    if (rows < 1 || cols < 1) throw Error(subject, "empty tensor");
    auto needDivides = [&](int64_t block, const std::string& what) {
        if (cols % block != 0)
            throw Error(subject, "row length " + std::to_string(cols) + " is not a multiple of the " + what + " (" +
                                     std::to_string(block) + ") of " + toString());
    };
    if (grid == QuantGrid::Gguf) needDivides(traits(type).blockSize, "block size");
    if (grid == QuantGrid::NF4) needDivides(kNf4Block, "NF4 block");
    if (grid == QuantGrid::Integer && granularity == Granularity::Group) needDivides(groupSize, "group size");
}

int64_t QuantSpec::groupCols(int64_t cols) const {
    if (grid == QuantGrid::NF4) return kNf4Block;
    if (grid == QuantGrid::Gguf) return traits(type).blockSize;
    if (grid != QuantGrid::Integer) return 1;
    switch (granularity) {
    case Granularity::Tensor: return cols; // the single group spans every row too; see groupCount
    case Granularity::Channel: return cols;
    case Granularity::Group: return groupSize;
    }
    return cols;
}

int64_t QuantSpec::groupCount(int64_t rows, int64_t cols) const {
    if (grid == QuantGrid::Integer && granularity == Granularity::Tensor) return 1;
    if (grid == QuantGrid::Float) return 0;
    return rows * (cols / groupCols(cols));
}

int64_t QuantSpec::storageBits(int64_t rows, int64_t cols) const {
    const int64_t n = rows * cols;
    switch (grid) {
    case QuantGrid::Float: return n * 8 * traits(type).bytesPerBlock;
    case QuantGrid::Gguf: return rows * 8 * rowBytes(traits(type), cols);
    case QuantGrid::NF4: return n * 4 + groupCount(rows, cols) * 32;
    case QuantGrid::Integer: {
        const int zeroBits = method == QuantMethod::HQQ ? 16 : bits;
        return n * bits + groupCount(rows, cols) * (16 + zeroBits);
    }
    }
    return 0;
}

double QuantSpec::bitsPerWeight(int64_t rows, int64_t cols) const {
    return double(storageBits(rows, cols)) / double(rows * cols);
}

std::string QuantSpec::toString() const {
    switch (grid) {
    case QuantGrid::Float: return lower(typeName(type));
    case QuantGrid::NF4: return "nf4";
    case QuantGrid::Gguf: {
        const std::string t(findType(type) ? typeName(type) : "?");
        return method == QuantMethod::RTN ? t : std::string(methodName(method)) + ":" + t;
    }
    case QuantGrid::Integer: break;
    }
    std::string s = std::string(methodName(method)) + ":" + std::to_string(bits) + ":";
    switch (granularity) {
    case Granularity::Tensor: s += "tensor"; break;
    case Granularity::Channel: s += "channel"; break;
    case Granularity::Group: s += "g" + std::to_string(groupSize); break;
    }
    s += symmetric ? ":sym" : ":asym";
    if (range == RangeMode::Percentile) s += ":p" + shortest(percentile);
    if (range == RangeMode::Mse) s += ":mse";
    if (fp16Scales) s += ":s16";
    return s;
}

QuantSpec QuantSpec::parse(std::string_view text) {
    const std::string subject = "spec '" + std::string(text) + "'";
    auto fail = [&](const std::string& msg) -> QuantSpec { throw Error(subject, msg); };
    const auto parts = split(text, ':');
    const std::string head = lower(parts[0]);
    QuantSpec s;
    if (parts.size() == 1) {
        if (head == "f32" || head == "f16" || head == "bf16") s = keep(findTypeByName(upper(head))->type);
        else if (head == "nf4") s = nf4();
        else if (auto t = ggufTypeFromName(head)) s = gguf(*t);
        else return fail("expected f32, f16, bf16, nf4, a GGUF type such as Q4_K, or METHOD:BITS[:...]");
        s.validate();
        return s;
    }
    auto method = methodFromName(head);
    if (!method || *method == QuantMethod::Keep) return fail("unknown method '" + std::string(parts[0]) + "'");
    if (auto t = ggufTypeFromName(parts[1])) {
        if (parts.size() != 2) return fail("a GGUF target takes no further options");
        s = gguf(*t, *method);
        s.validate();
        return s;
    }
    int bits = 0;
    if (!parseNumber(parts[1], bits)) return fail("expected bits (2 to 8) or a GGUF type after '" + head + ":'");
    s = integer(*method, bits, Granularity::Group, 128, false);
    bool seenGran = false, seenSym = false, seenRange = false, seenScales = false;
    auto once = [&](bool& seen, std::string_view tok) {
        if (seen) fail("option '" + std::string(tok) + "' conflicts with an earlier one");
        seen = true;
    };
    for (size_t i = 2; i < parts.size(); ++i) {
        const std::string tok = lower(parts[i]);
        if (tok == "tensor" || tok == "channel") {
            once(seenGran, tok);
            s.granularity = tok == "tensor" ? Granularity::Tensor : Granularity::Channel;
        } else if (tok.size() > 1 && tok[0] == 'g') {
            once(seenGran, tok);
            if (!parseNumber(std::string_view(tok).substr(1), s.groupSize)) fail("bad group size '" + tok + "'");
        } else if (tok == "sym" || tok == "asym") {
            once(seenSym, tok);
            s.symmetric = tok == "sym";
        } else if (tok == "minmax" || tok == "mse") {
            once(seenRange, tok);
            s.range = tok == "mse" ? RangeMode::Mse : RangeMode::MinMax;
        } else if (tok.size() > 1 && tok[0] == 'p') {
            once(seenRange, tok);
            s.range = RangeMode::Percentile;
            if (!parseNumber(std::string_view(tok).substr(1), s.percentile)) fail("bad percentile '" + tok + "'");
        } else if (tok == "s16") {
            once(seenScales, tok);
            s.fp16Scales = true;
        } else {
            fail("unknown option '" + std::string(parts[i]) + "'");
        }
    }
    try {
        s.validate();
    } catch (const Error& e) {
        throw Error(subject, e.message());
    }
    return s;
}

void to_json(nlohmann::json& j, const QuantSpec& s) {
    j = {{"method", methodName(s.method)}, {"grid", gridName(s.grid)}};
    if (s.grid == QuantGrid::Float || s.grid == QuantGrid::Gguf) j["type"] = typeName(s.type);
    if (s.grid != QuantGrid::Integer) return;
    j["bits"] = s.bits;
    j["granularity"] = granularityName(s.granularity);
    if (s.granularity == Granularity::Group) j["group_size"] = s.groupSize;
    j["symmetric"] = s.symmetric;
    j["range"] = rangeName(s.range);
    if (s.range == RangeMode::Percentile) j["percentile"] = s.percentile;
    j["fp16_scales"] = s.fp16Scales;
}

void from_json(const nlohmann::json& j, QuantSpec& s) {
    if (j.is_string()) {
        s = QuantSpec::parse(j.get<std::string>());
        return;
    }
    if (!j.is_object()) throw Error("spec", "expected a string or an object");
    static const std::vector<std::string> known = {"method", "grid", "type", "bits", "granularity", "group_size",
                                                   "symmetric", "range", "percentile", "fp16_scales"};
    for (auto& [key, value] : j.items())
        if (std::find(known.begin(), known.end(), key) == known.end()) throw Error("spec", "unknown key '" + key + "'");
    try {
        QuantSpec r;
        r.method = enumFromName(j.value("method", std::string("rtn")),
                                {QuantMethod::Keep, QuantMethod::RTN, QuantMethod::GPTQ, QuantMethod::AWQ, QuantMethod::HQQ},
                                [](QuantMethod m) { return std::string(methodName(m)); }, "method");
        r.grid = enumFromName(j.value("grid", std::string(r.method == QuantMethod::Keep ? "float" : "int")),
                              {QuantGrid::Float, QuantGrid::Integer, QuantGrid::Gguf, QuantGrid::NF4}, gridName, "grid");
        if (j.contains("type")) {
            const std::string t = j.at("type").get<std::string>();
            const TypeTraits* tr = findTypeByName(upper(t));
            if (!tr) throw Error("spec", "unknown type '" + t + "'");
            r.type = tr->type;
        }
        r.bits = j.value("bits", r.bits);
        r.granularity = enumFromName(j.value("granularity", std::string("group")),
                                     {Granularity::Tensor, Granularity::Channel, Granularity::Group}, granularityName,
                                     "granularity");
        r.groupSize = j.value("group_size", r.groupSize);
        r.symmetric = j.value("symmetric", r.symmetric);
        r.range = enumFromName(j.value("range", std::string("minmax")),
                               {RangeMode::MinMax, RangeMode::Percentile, RangeMode::Mse}, rangeName, "range");
        r.percentile = j.value("percentile", r.percentile);
        r.fp16Scales = j.value("fp16_scales", r.fp16Scales);
        r.validate();
        s = r;
    } catch (const nlohmann::json::exception& e) {
        throw Error("spec", std::string("bad field type: ") + e.what());
    }
}

} // namespace qs
