#include "core/formats/hf_quant_packing.h"

namespace qs {

bool gptqBitsSupported(int bits) { return bits == 2 || bits == 3 || bits == 4 || bits == 8; }
int gptqCodesPerRun(int bits) { return bits == 3 ? 32 : 32 / bits; }
int gptqWordsPerRun(int bits) { return bits == 3 ? 3 : 1; }

} // namespace qs
