#include "widgets/tensor_table_model.h"

#include "widgets/plan_size.h"

#include <QLocale>
#include <cmath>

namespace qs::widgets {

TensorTableModel::TensorTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TensorTableModel::setModel(std::shared_ptr<const qs::Model> model) {
    beginResetModel();
    model_ = std::move(model);
    const size_t n = model_ ? model_->tensors().size() : 0;
    stats_.assign(n, std::nullopt);
    plan_.clear();
    errors_.assign(n, std::nullopt);
    endResetModel();
}

const qs::TensorInfo* TensorTableModel::tensorAt(int row) const {
    if (!model_ || row < 0 || row >= int(model_->tensors().size())) return nullptr;
    return &model_->tensors()[size_t(row)];
}

void TensorTableModel::setStats(int row, const StatsSummary& stats) {
    if (row < 0 || size_t(row) >= stats_.size()) return;
    stats_[size_t(row)] = stats;
    emit dataChanged(index(row, Absmax), index(row, Outliers));
}

void TensorTableModel::setPlan(const std::vector<qs::DType>& plan) {
    plan_ = plan;
    emit dataChanged(index(0, Planned), index(rowCount() - 1, PlannedBpw));
}

void TensorTableModel::setErrors(const std::vector<std::optional<double>>& relError) {
    errors_ = relError;
    errors_.resize(stats_.size());
    columnChanged(Error);
}

void TensorTableModel::columnChanged(int column) {
    if (rowCount() > 0) emit dataChanged(index(0, column), index(rowCount() - 1, column));
}

int TensorTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !model_ ? 0 : int(model_->tensors().size());
}

int TensorTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TensorTableModel::display(const qs::TensorInfo& t, int row, int column) const {
    const auto& st = stats_[size_t(row)];
    const bool planned = size_t(row) < plan_.size();
    switch (column) {
    case Name: return displayName(t);
    case Role: return roleLabel(t.role);
    case Block: return t.block >= 0 ? QVariant(t.block) : QVariant(QStringLiteral("–"));
    case Shape: return shapeText(t.shape);
    case DTypeCol: return t.packed ? QString::fromStdString(t.typeLabel()) : dtypeName(t.type); // "gptq 4-bit g128"
    case Params: return formatCount(t.params);
    case Bytes: return formatBytes(double(t.bytes));
    case Absmax: return st ? QVariant(QString::number(st->absmax, 'g', 4)) : QVariant();
    case Kurtosis: return st ? QVariant(QString::number(st->kurtosis, 'f', 2)) : QVariant();
    case Outliers: return st ? QVariant(QString::number(100.0 * st->outlierRatio, 'f', 4) + QStringLiteral(" %")) : QVariant();
    case Planned: return planned ? QVariant(dtypeName(plan_[size_t(row)])) : QVariant();
    case PlannedBpw:
        return planned && t.params ? QVariant(QString::number(8.0 * double(plannedBytes(t, plan_[size_t(row)])) / double(t.params), 'f', 2))
                                   : QVariant();
    case Error: {
        const auto& e = errors_[size_t(row)];
        return e ? QVariant(QString::number(100.0 * *e, 'f', 3) + QStringLiteral(" %")) : QVariant();
    }
    }
    return {};
}

QVariant TensorTableModel::sortValue(const qs::TensorInfo& t, int row, int column) const {
    const auto& st = stats_[size_t(row)];
    switch (column) {
    case Name: return QString::fromStdString(t.name); // sorts and filters on the full name
    case Block: return t.block;
    case Params: return qlonglong(t.params);
    case Bytes: return qulonglong(t.bytes);
    case Absmax: return st ? st->absmax : -1.0;
    case Kurtosis: return st ? st->kurtosis : -1e300;
    case Outliers: return st ? st->outlierRatio : -1.0;
    case PlannedBpw:
        return size_t(row) < plan_.size() && t.params ? 8.0 * double(plannedBytes(t, plan_[size_t(row)])) / double(t.params) : -1.0;
    case Error: return errors_[size_t(row)] ? *errors_[size_t(row)] : -1.0;
    default: return display(t, row, column);
    }
}

QVariant TensorTableModel::data(const QModelIndex& index, int role) const {
    const auto* t = tensorAt(index.row());
    if (!t) return {};
    switch (role) {
    case Qt::DisplayRole: return display(*t, index.row(), index.column());
    case SortRole: return sortValue(*t, index.row(), index.column());
    case TensorIndexRole: return index.row();
    case Qt::TextAlignmentRole:
        if (index.column() >= Params || index.column() == Block) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Name) return QStringLiteral("%1\n%2").arg(QString::fromStdString(t->name), QString::fromStdString(t->file));
        return columnToolTip(index.column());
    }
    return {};
}

QVariant TensorTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) return columnToolTip(section);
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Name");
    case Role: return tr("Role");
    case Block: return tr("Block");
    case Shape: return tr("Shape");
    case DTypeCol: return tr("Type");
    case Params: return tr("Parameters");
    case Bytes: return tr("Size");
    case Absmax: return tr("Absmax");
    case Kurtosis: return tr("Kurtosis");
    case Outliers: return tr("Outliers");
    case Planned: return tr("Planned");
    case PlannedBpw: return tr("Planned bpw");
    case Error: return tr("Error");
    }
    return {};
}

QString TensorTableModel::columnToolTip(int column) {
    switch (column) {
    case Name: return tr("The tensor's name as stored in its file.");
    case Role: return tr("What the tensor does in the network (attention query, MLP down projection, norm, …).");
    case Block: return tr("The decoder layer the tensor belongs to; – for tensors outside the layers.");
    case Shape: return tr("Dimensions in PyTorch order: [output rows, input columns] for matrices.");
    case DTypeCol: return tr("The storage type of the tensor in the opened file.");
    case Params: return tr("Number of weights in the tensor.");
    case Bytes: return tr("Bytes the tensor occupies in the opened file.");
    case Absmax: return tr("Largest absolute weight value; a large absmax stretches the quantization grid.");
    case Kurtosis: return tr("Excess kurtosis of the weights: 0 for a normal distribution, large when heavy tails make outliers.");
    case Outliers: return tr("Share of weights farther than 6 standard deviations from the mean.");
    case Planned: return tr("The storage type the current plan gives this tensor.");
    case PlannedBpw: return tr("Bits per weight of the planned type, including block scales.");
    case Error: return tr("Relative Frobenius error ‖W − Ŵ‖ / ‖W‖ of the last quantization run.");
    }
    return {};
}

QString displayName(const qs::TensorInfo& t) {
    const QString name = QString::fromStdString(t.name);
    if (t.block < 0) return name;
    // "model.layers.4.mlp.down_proj.weight" -> "mlp.down_proj.weight": the Block column says 4.
    const QString marker = QStringLiteral(".%1.").arg(t.block);
    const qsizetype at = name.indexOf(marker);
    return at < 0 ? name : name.mid(at + marker.size());
}

QString formatBytes(double bytes) {
    return QLocale().formattedDataSize(qint64(bytes), 2, QLocale::DataSizeIecFormat);
}

QString formatCount(qint64 n) { return QLocale().toString(n); }

QString dtypeName(qs::DType t) {
    const auto name = qs::typeName(t);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

QString roleLabel(qs::TensorRole r) {
    const auto name = qs::roleName(r);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

QString shapeText(const std::vector<int64_t>& shape) {
    QStringList dims;
    for (auto d : shape) dims << QString::number(d);
    return QStringLiteral("[%1]").arg(dims.join(QStringLiteral(", ")));
}

} // namespace qs::widgets
