#include "widgets/compare_models.h"

#include "widgets/tensor_table_model.h"

#include <QFont>

namespace qs::widgets {
namespace {

QString sci(double v) { return QString::number(v, 'e', 3); }

} // namespace

QString methodLabel(qs::QuantMethod method) { return QString::fromLatin1(methodName(method).data()).toUpper(); }

CompareLayerModel::CompareLayerModel(QObject* parent) : QAbstractTableModel(parent) {}

void CompareLayerModel::setComparison(ComparisonPtr comparison) {
    beginResetModel();
    cmp_ = std::move(comparison);
    endResetModel();
}

int CompareLayerModel::methodCount() const { return cmp_ ? int(cmp_->methods.size()) : 0; }

int CompareLayerModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !cmp_ || cmp_->methods.empty() ? 0 : int(cmp_->methods.front().layers.size());
}

int CompareLayerModel::columnCount(const QModelIndex& parent) const { return parent.isValid() || !cmp_ ? 0 : 1 + 2 * methodCount(); }

QString CompareLayerModel::layerName(int row) const {
    return row >= 0 && row < rowCount() ? QString::fromStdString(cmp_->methods.front().layers[size_t(row)].name) : QString();
}

int CompareLayerModel::bestMethod(int row) const {
    if (row < 0 || row >= rowCount()) return -1;
    int best = 0;
    for (int m = 1; m < methodCount(); ++m)
        if (cmp_->methods[size_t(m)].layers[size_t(row)].relOutputError < cmp_->methods[size_t(best)].layers[size_t(row)].relOutputError)
            best = m;
    return best;
}

QVariant CompareLayerModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const int c = index.column(), n = methodCount();
    if (c == 0) {
        if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole) return layerName(index.row());
        return {};
    }
    const int m = (c - 1) % n;
    const auto& layer = cmp_->methods[size_t(m)].layers[size_t(index.row())];
    const double v = c <= n ? layer.relOutputError : layer.weightMse;
    if (role == Qt::DisplayRole) return sci(v);
    if (role == SortRole) return v;
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && c <= n && bestMethod(index.row()) == m) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole) return headerData(c, Qt::Horizontal, role);
    return {};
}

QVariant CompareLayerModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
    const int n = methodCount();
    if (role == Qt::ToolTipRole) {
        if (section == 0) return tr("The quantized layer, as named in the model file.");
        if (section <= n)
            return tr("Relative output error ‖X(W − Ŵ)ᵀ‖² / ‖XWᵀ‖² on the layer's calibration inputs; the lowest per layer is bold.");
        return tr("Mean squared difference between the original and the quantized weights.");
    }
    if (role != Qt::DisplayRole) return {};
    if (section == 0) return tr("Layer");
    const QString method = methodLabel(cmp_->methods[size_t((section - 1) % n)].spec.method);
    return section <= n ? tr("%1 rel. error").arg(method) : tr("%1 weight MSE").arg(method);
}

CompareSummaryModel::CompareSummaryModel(QObject* parent) : QAbstractTableModel(parent) {}

void CompareSummaryModel::setComparison(ComparisonPtr comparison) {
    beginResetModel();
    cmp_ = std::move(comparison);
    endResetModel();
}

int CompareSummaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !cmp_ ? 0 : 1 + int(cmp_->methods.size());
}

int CompareSummaryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CompareSummaryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    if (role == Qt::TextAlignmentRole && index.column() >= Ppl) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        // A method's notes (GQA folding, dropped AWQ clips, raised GPTQ dampening, ...) on its name.
        if (index.column() == Method && index.row() > 0 && !cmp_->methods[size_t(index.row() - 1)].notes.empty()) {
            QStringList notes;
            for (const auto& n : cmp_->methods[size_t(index.row() - 1)].notes) notes << QString::fromStdString(n);
            return notes.join(QLatin1Char('\n'));
        }
        return columnToolTip(index.column());
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    const bool raw = role == Qt::EditRole; // numbers for tests and sorting
    if (index.row() == 0) {
        switch (index.column()) {
        case Method: return tr("original");
        case Ppl: return raw ? QVariant(cmp_->basePpl) : QVariant(QString::number(cmp_->basePpl, 'f', 4));
        case Size: return raw ? QVariant(qulonglong(cmp_->baseBytes)) : QVariant(formatBytes(double(cmp_->baseBytes)));
        default: return raw ? QVariant() : QVariant(QStringLiteral("–"));
        }
    }
    const auto& m = cmp_->methods[size_t(index.row() - 1)];
    auto num = [raw](double v, const QString& text) { return raw ? QVariant(v) : QVariant(text); };
    switch (index.column()) {
    case Method: return methodLabel(m.spec.method);
    case Spec: return QString::fromStdString(m.spec.toString());
    case Ppl: return num(m.eval.pplCandidate, QString::number(m.eval.pplCandidate, 'f', 4));
    case PplRatio: return num(m.eval.pplRatio, QString::number(m.eval.pplRatio, 'f', 4));
    case KldMean: return num(m.eval.kldMean, sci(m.eval.kldMean));
    case KldP99: return num(m.eval.kldP99, sci(m.eval.kldP99));
    case Top1: return num(m.eval.sameTopFraction, QString::number(100.0 * m.eval.sameTopFraction, 'f', 2) + QStringLiteral(" %"));
    case Size: return raw ? QVariant(qulonglong(m.bytes)) : QVariant(formatBytes(double(m.bytes)));
    case Bpw: return num(m.bitsPerWeight, QString::number(m.bitsPerWeight, 'f', 3));
    case Seconds: return num(m.quantizeSeconds, QString::number(m.quantizeSeconds, 'f', 1));
    }
    return {};
}

QVariant CompareSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) return columnToolTip(section);
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Method: return tr("Method");
    case Spec: return tr("Spec");
    case Ppl: return tr("PPL");
    case PplRatio: return tr("PPL ratio");
    case KldMean: return tr("KLD mean");
    case KldP99: return tr("KLD p99");
    case Top1: return tr("Top-1 agree");
    case Size: return tr("Size");
    case Bpw: return tr("bpw");
    case Seconds: return tr("Quantize s");
    }
    return {};
}

QString CompareSummaryModel::columnToolTip(int column) {
    switch (column) {
    case Method: return tr("The quantization method, or the original model.");
    case Spec: return tr("The grid every compared layer was quantized to (method:bits:granularity).");
    case Ppl: return tr("Perplexity on the evaluation text: lower is better.");
    case PplRatio: return tr("Perplexity of the quantized model divided by the original's.");
    case KldMean: return tr("Mean KL divergence of the quantized model's next-token distribution from the original's.");
    case KldP99: return tr("99th percentile of the per-token KL divergence: the worst positions.");
    case Top1: return tr("Share of positions where the quantized and the original model predict the same top token.");
    case Size: return tr("The whole model with the compared layers stored on the method's grid.");
    case Bpw: return tr("Bits per weight over the compared layers, scales and zero points included.");
    case Seconds: return tr("Seconds the method took to quantize the layers (calibration included).");
    }
    return {};
}

} // namespace qs::widgets
