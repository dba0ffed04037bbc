#pragma once
// The mixed-precision planner: one GGUF type per quantizable tensor, chosen from a sensitivity measurement so
// that the estimated total KLD (the sum of the per-tensor KLD increases) is smallest within a size budget —
// a multiple-choice knapsack, solved greedily along each tensor's lower convex hull of (bytes, KLD) in order
// of KLD saved per byte (the Lagrangian sweep), then filled with any upgrade that still fits. Only measured
// candidates whose block fits the row are considered; tensors that are not quantized (norms) keep their
// type (F32 for 1-D tensors of HF sources), and their bytes count towards the budget.
#include "core/plan/measurement.h"
#include "core/plan/recipe.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qs {

struct PlannedTensor {
    size_t tensor = 0;   // index into model.tensors()
    DType type = DType::F16;
    uint64_t bytes = 0;
    double kld = 0;      // measured KLD increase of this choice
};

struct Autoplan {
    std::vector<DType> types;          // per model tensor, for exportGguf
    std::vector<PlannedTensor> chosen; // the quantizable tensors
    uint64_t totalBytes = 0;           // every tensor's bytes (GGUF metadata not included)
    int64_t totalParams = 0;
    uint64_t minBytes = 0, maxBytes = 0; // the smallest and largest plans the measurement allows
    double estimatedKld = 0;
    double bitsPerWeight() const { return totalParams ? 8.0 * double(totalBytes) / double(totalParams) : 0.0; }
};

// Bytes of all tensors for a bits-per-weight target over all parameters (as llama.cpp reports bpw).
uint64_t budgetForBpw(const Model& model, double bpw);

// Throws qs::Error (exit 2) naming `file` when a quantizable tensor has no usable measurement, and when the
// budget is below the smallest possible size (the message names that minimum).
Autoplan planMixture(const Model& model, const Measurement& m, uint64_t budgetBytes, const std::string& file);

// The plan as an editable recipe: the most common type as defaults, one rule per role and run of blocks
// that differ. imatrix: written into the recipe ("" for none).
Recipe autoplanRecipe(const Model& model, const Autoplan& plan, const std::string& name, const std::string& description,
                      const std::string& imatrix);

} // namespace qs
