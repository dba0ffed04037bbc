#pragma once
// The per-tensor sensitivity measurement (`sensitivity` writes it, `autoplan` and the GUI read it): for every
// quantizable 2-D tensor and candidate GGUF type, the mean KLD increase over the evaluation chunks when only
// that tensor is quantized, and the relative output error on calibration activations. Keyed by the model's
// identity and the settings the numbers depend on, so a file is reused only where it is valid.
#include "core/model/model.h"
#include "core/quant/types.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace qs {

constexpr int kMeasurementVersion = 1;

struct CandidateMeasurement {
    double kld = 0;                         // mean KL(original ‖ this tensor quantized) over the scored positions
    std::optional<double> relOutputError;   // ‖X(W − Ŵ)ᵀ‖² / ‖XWᵀ‖²; none for token_embd (a lookup) or without statistics
    uint64_t bytes = 0;                     // the tensor's storage in this type
};

struct TensorMeasurement {
    std::string name;     // as stored in the model's file
    std::string ggufName;
    TensorRole role = TensorRole::Other;
    int block = -1;
    int64_t rows = 0, cols = 0;
    std::map<DType, CandidateMeasurement> results;
};

struct Measurement {
    std::string modelPath;
    std::string modelIdentity;  // modelIdentity() of the measured model
    nlohmann::json settings;    // method, imatrix, texts, chunks, calibration: what the numbers depend on
    std::string imatrixPath;    // the imatrix file as given (not part of the key: its digest is in settings)
    std::vector<TensorMeasurement> tensors; // the model's quantizable weights, in model order
    int64_t evaluations = 0;    // forward passes of the evaluation chunks spent, over all runs

    TensorMeasurement* find(const std::string& name);
    const TensorMeasurement* find(const std::string& name) const;
};

// SHA-256 over every tensor's name, type, shape and bytes, and the hyper-parameters: the same weights give the
// same identity wherever the files lie.
std::string modelIdentity(const Model& model);

// A fresh measurement of the model's quantizable weights (no results yet).
Measurement newMeasurement(const Model& model, const std::string& identity, nlohmann::json settings);

nlohmann::json toJson(const Measurement& m);
Measurement loadMeasurement(const std::string& path); // throws qs::Error naming the file
void saveMeasurement(const Measurement& m, const std::string& path); // atomic

// Throws qs::Error (exit 2) naming the file when it was made for another model or, when settings is not
// null, other settings.
void checkMeasurement(const Measurement& m, const std::string& file, const std::string& identity,
                      const nlohmann::json& settings = nullptr);

} // namespace qs
