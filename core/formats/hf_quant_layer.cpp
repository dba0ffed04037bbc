#include "core/formats/hf_quant_layer.h"

#include "core/formats/hf_quant_packing.h"
#include "core/quant/grid.h"
#include "core/util/error.h"
#include "core/util/half.h"

namespace qs {
namespace {

// Shared checks of both writers: an integer grid whose scales a checkpoint can store as fp16.
void requireStorable(const QuantizedMatrix& q, const std::string& tensor, const char* format) {
    const auto& s = q.spec;
    if (s.grid != QuantGrid::Integer || s.method == QuantMethod::HQQ)
        throw Error(tensor, std::string(format) + " stores integer grids with integer zero points; spec " + s.toString() + " is not one");
    if (s.granularity == Granularity::Tensor)
        throw Error(tensor, std::string(format) + " has no per-tensor scales; use per-channel or groups");
    for (float v : q.scales)
        if (fp16ToFp32(fp32ToFp16(v)) != v)
            throw Error(tensor, std::string(format) + " stores fp16 scales; quantize with fp16 scales (the s16 option) for an exact export");
}

} // namespace

int64_t HfQuantLayer::groups() const { return groupSize < 0 ? 1 : in / groupSize; }
int64_t HfQuantLayer::qweightRows() const { return format == HfQuantFormat::Gptq ? in * bits / 32 : in; }
int64_t HfQuantLayer::qzerosCols() const { return format == HfQuantFormat::Gptq ? out * bits / 32 : out / 8; }

uint64_t HfQuantLayer::bytes() const {
    return 4 * (qweight.size() + qzeros.size() + gIdx.size()) + 2 * scales.size();
}

std::string HfQuantLayer::label() const {
    return std::string(format == HfQuantFormat::Gptq ? "gptq " : "awq ") + std::to_string(bits) + "-bit " +
           (groupSize < 0 ? std::string("channel") : "g" + std::to_string(groupSize));
}

void HfQuantLayer::decodeRows(int64_t row0, int64_t n, float* dst) const {
    const int64_t zc = qzerosCols();
    for (int64_t o = row0; o < row0 + n; ++o) {
        float* row = dst + (o - row0) * in;
        for (int64_t i = 0; i < in; ++i) {
            int64_t g;
            uint32_t code, zero;
            if (format == HfQuantFormat::Gptq) {
                g = gIdx[size_t(i)];
                code = streamCode(qweight.data() + o, out, i, bits);
                zero = streamCode(qzeros.data() + g * zc, 1, o, bits) + (zeroOffset ? 1 : 0);
            } else {
                g = i / groupSize;
                code = awqCode(qweight[size_t(i * zc + o / 8)], int(o % 8));
                zero = awqCode(qzeros[size_t(g * zc + o / 8)], int(o % 8));
            }
            // The arithmetic of decodeCode (grid.h): identical floats to the in-memory matrix.
            row[i] = float(int32_t(code) - int32_t(zero)) * fp16ToFp32(scales[size_t(g * out + o)]);
        }
    }
}

void HfQuantLayer::validate(const std::string& subject) const {
    auto fail = [&](const std::string& m) { throw Error(subject, m); };
    if (format == HfQuantFormat::Awq ? bits != 4 : !gptqBitsSupported(bits)) fail("unsupported bit width " + std::to_string(bits));
    if (groupSize == 0 || (groupSize > 0 && in % groupSize != 0)) fail("group size " + std::to_string(groupSize) + " does not divide " + std::to_string(in));
    const int64_t G = groups();
    if (int64_t(scales.size()) != G * out) fail("scales have the wrong size");
    if (int64_t(qzeros.size()) != G * qzerosCols()) fail("qzeros have the wrong size");
    if (int64_t(qweight.size()) != qweightRows() * (format == HfQuantFormat::Gptq ? out : out / 8)) fail("qweight has the wrong size");
    if (format == HfQuantFormat::Gptq) {
        if (int64_t(gIdx.size()) != in) fail("g_idx has the wrong size");
        for (int32_t g : gIdx)
            if (g < 0 || g >= G) fail("g_idx value " + std::to_string(g) + " outside 0.." + std::to_string(G - 1));
    }
}

bool gptqV1Compatible(const QuantizedMatrix& q) {
    for (int32_t z : q.zeros)
        if (z < 1) return false;
    return true;
}

HfQuantLayer encodeGptq(const QuantizedMatrix& q, bool zeroOffset, const std::string& tensor) {
    requireStorable(q, tensor, "hf-gptq");
    const int bits = q.spec.bits;
    if (!gptqBitsSupported(bits)) throw Error(tensor, "hf-gptq stores 2, 3, 4 or 8 bits, not " + std::to_string(bits));
    const int run = gptqCodesPerRun(bits);
    if (q.cols % run || q.rows % run)
        throw Error(tensor, "hf-gptq at " + std::to_string(bits) + " bits needs both dimensions divisible by " + std::to_string(run));
    HfQuantLayer L;
    L.format = HfQuantFormat::Gptq;
    L.bits = bits;
    L.out = q.rows;
    L.in = q.cols;
    L.zeroOffset = zeroOffset;
    L.groupSize = q.spec.granularity == Granularity::Channel ? -1 : q.spec.groupSize;
    const int64_t G = q.spec.granularity == Granularity::Channel ? 1 : q.cols / q.spec.groupCols(q.cols);
    L.qweight.assign(size_t(L.qweightRows() * L.out), 0);
    L.qzeros.assign(size_t(G * L.qzerosCols()), 0);
    L.scales.resize(size_t(G * L.out));
    L.gIdx.resize(size_t(L.in));
    for (int64_t i = 0; i < L.in; ++i) L.gIdx[size_t(i)] = int32_t(q.group(0, i)); // the group slot of row 0
    for (int64_t o = 0; o < L.out; ++o) {
        for (int64_t i = 0; i < L.in; ++i) streamPut(L.qweight.data() + o, L.out, i, bits, q.codes[size_t(o * L.in + i)]);
        for (int64_t g = 0; g < G; ++g) {
            const int32_t z = q.zeros[size_t(o * G + g)] - (zeroOffset ? 1 : 0);
            if (z < 0 || z > maxCode(bits))
                throw Error(tensor, "zero point " + std::to_string(z + (zeroOffset ? 1 : 0)) + " cannot be stored in checkpoint_format " +
                                        (zeroOffset ? "gptq (use gptq_v2)" : "gptq_v2"));
            streamPut(L.qzeros.data() + g * L.qzerosCols(), 1, o, bits, uint32_t(z));
            L.scales[size_t(g * L.out + o)] = fp32ToFp16(q.scales[size_t(o * G + g)]);
        }
    }
    return L;
}

HfQuantLayer encodeAwq(const QuantizedMatrix& q, const std::string& tensor) {
    requireStorable(q, tensor, "hf-awq");
    if (q.spec.bits != 4) throw Error(tensor, "hf-awq (GEMM) stores 4-bit weights only; export other widths as gguf or safetensors-dequant");
    if (q.rows % 8) throw Error(tensor, "hf-awq needs the output dimension divisible by 8");
    if (!q.columnGroup.empty()) throw Error(tensor, "hf-awq has no g_idx: act-order groups cannot be stored");
    HfQuantLayer L;
    L.format = HfQuantFormat::Awq;
    L.bits = 4;
    L.out = q.rows;
    L.in = q.cols;
    L.zeroOffset = false;
    L.groupSize = q.spec.groupCols(q.cols);
    const int64_t G = L.groups(), W = L.qzerosCols();
    L.qweight.assign(size_t(L.in * W), 0);
    L.qzeros.assign(size_t(G * W), 0);
    L.scales.resize(size_t(G * L.out));
    for (int64_t o = 0; o < L.out; ++o) {
        for (int64_t i = 0; i < L.in; ++i) awqPut(L.qweight[size_t(i * W + o / 8)], int(o % 8), q.codes[size_t(o * L.in + i)]);
        for (int64_t g = 0; g < G; ++g) {
            awqPut(L.qzeros[size_t(g * W + o / 8)], int(o % 8), uint32_t(q.zeros[size_t(o * G + g)]));
            L.scales[size_t(g * L.out + o)] = fp32ToFp16(q.scales[size_t(o * G + g)]);
        }
    }
    return L;
}

} // namespace qs
