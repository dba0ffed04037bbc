#include "widgets/results_model.h"

#include "widgets/tensor_table_model.h"

#include <cmath>

namespace qs::widgets {

ResultsModel::ResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResultsModel::setReport(const qs::GgufExportReport& report, uint64_t sourceBytes) {
    beginResetModel();
    report_ = report;
    sourceBytes_ = sourceBytes;
    hasReport_ = true;
    endResetModel();
}

void ResultsModel::clear() {
    beginResetModel();
    report_ = {};
    sourceBytes_ = 0;
    hasReport_ = false;
    evaluation_.reset();
    endResetModel();
}

void ResultsModel::setEvaluation(const qs::KldResult& evaluation) {
    beginResetModel(); // the view refreshes its totals on reset
    evaluation_ = evaluation;
    endResetModel();
}

QString ResultsModel::evaluationText() const {
    if (!evaluation_) return tr("Not evaluated yet: Run → Evaluate Plan (Ctrl+Shift+E).");
    const auto& e = *evaluation_;
    return tr("Plan: PPL %1 ± %2 (original %3, ratio %4) · KLD mean %5, p99 %6 · top-1 agreement %7 % · %n chunk(s)", nullptr,
              int(e.chunks))
        .arg(e.pplCandidate, 0, 'f', 4)
        .arg(e.pplCandidateStderr, 0, 'f', 4)
        .arg(e.pplBase, 0, 'f', 4)
        .arg(e.pplRatio, 0, 'f', 4)
        .arg(e.kldMean, 0, 'e', 3)
        .arg(e.kldP99, 0, 'e', 3)
        .arg(100.0 * e.sameTopFraction, 0, 'f', 2);
}

QString ResultsModel::totalsText() const {
    if (!hasReport_) return tr("No results yet: set a plan and run Quantize (Ctrl+R).") + QLatin1Char('\n') + evaluationText();
    return quantizeText() + QLatin1Char('\n') + evaluationText();
}

QString ResultsModel::quantizeText() const {
    const double before = double(sourceBytes_), after = double(report_.totalBytes);
    const double bpw = report_.totalParams ? 8.0 * after / double(report_.totalParams) : 0.0;
    return tr("%1 tensors · %2 → %3 (%4 %) · %5 bits/weight · %6 s on %7 threads")
        .arg(report_.tensors.size())
        .arg(formatBytes(before), formatBytes(after))
        .arg(before > 0 ? 100.0 * (after - before) / before : 0.0, 0, 'f', 1)
        .arg(bpw, 0, 'f', 3)
        .arg(report_.seconds, 0, 'f', 2)
        .arg(report_.threads);
}

int ResultsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(report_.tensors.size()); }
int ResultsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& r = report_.tensors[size_t(index.row())];
    const bool m = r.measured;
    if (role == SortRole) {
        switch (index.column()) {
        case Bpw: return r.bitsPerWeight();
        case Size: return qulonglong(r.bytes);
        case Rmse: return m ? r.error.rmse : -1.0;
        case Sqnr: return m ? (std::isinf(r.error.sqnrDb) ? 1e300 : r.error.sqnrDb) : 1e300;
        case Cosine: return m ? r.error.cosine : 2.0;
        case RelFrobenius: return m ? r.error.relFrobenius : -1.0;
        case MaxAbs: return m ? r.error.maxAbs : -1.0;
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return QString::fromStdString(r.name);
        case Type: return dtypeName(r.type);
        case Bpw: return QString::number(r.bitsPerWeight(), 'f', 2);
        case Size: return formatBytes(double(r.bytes));
        case Rmse: return m ? QString::number(r.error.rmse, 'g', 4) : QStringLiteral("–");
        case Sqnr: return m ? (std::isinf(r.error.sqnrDb) ? QStringLiteral("∞") : QString::number(r.error.sqnrDb, 'f', 2)) : QStringLiteral("–");
        case Cosine: return m ? QString::number(r.error.cosine, 'f', 6) : QStringLiteral("–");
        case RelFrobenius: return m ? QString::number(100.0 * r.error.relFrobenius, 'f', 3) + QStringLiteral(" %") : QStringLiteral("–");
        case MaxAbs: return m ? QString::number(r.error.maxAbs, 'g', 4) : QStringLiteral("–");
        case Note: return QString::fromStdString(r.note);
        }
    } else if (role == Qt::TextAlignmentRole && index.column() >= Bpw && index.column() <= MaxAbs) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole) {
        if (index.column() == Name) return QString::fromStdString(r.sourceName);
        if (index.column() == Note && !r.note.empty()) return QString::fromStdString(r.note);
        return columnToolTip(index.column());
    }
    return {};
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) return columnToolTip(section);
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Tensor");
    case Type: return tr("Type");
    case Bpw: return tr("bpw");
    case Size: return tr("Size");
    case Rmse: return tr("RMSE");
    case Sqnr: return tr("SQNR (dB)");
    case Cosine: return tr("Cosine");
    case RelFrobenius: return tr("Rel. Frobenius");
    case MaxAbs: return tr("Max |error|");
    case Note: return tr("Note");
    }
    return {};
}

QString ResultsModel::columnToolTip(int column) {
    switch (column) {
    case Name: return tr("The tensor's GGUF name (hover a row for its source name).");
    case Type: return tr("The type written, after any row-length fallback.");
    case Bpw: return tr("Bits per weight of the written tensor, including block scales.");
    case Size: return tr("Bytes the tensor occupies in the quantized file.");
    case Rmse: return tr("Root mean square of the weight error W − Ŵ.");
    case Sqnr: return tr("Signal-to-quantization-noise ratio 10·log10(ΣW² / Σ(W − Ŵ)²); higher is better.");
    case Cosine: return tr("Cosine similarity between the original and the dequantized weights; 1 is perfect.");
    case RelFrobenius: return tr("Relative Frobenius error ‖W − Ŵ‖ / ‖W‖; lower is better.");
    case MaxAbs: return tr("Largest absolute difference between an original and a dequantized weight.");
    case Note: return tr("Fallbacks and other remarks from the exporter.");
    }
    return {};
}

} // namespace qs::widgets
