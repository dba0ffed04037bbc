#include "widgets/tensor_table_model.h"

#include <QLocale>

namespace qs::widgets {

TensorTableModel::TensorTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TensorTableModel::setModel(std::shared_ptr<const qs::Model> model) {
    beginResetModel();
    model_ = std::move(model);
    endResetModel();
}

const qs::TensorInfo* TensorTableModel::tensorAt(int row) const {
    if (!model_ || row < 0 || row >= int(model_->tensors().size())) return nullptr;
    return &model_->tensors()[size_t(row)];
}

int TensorTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !model_ ? 0 : int(model_->tensors().size());
}

int TensorTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TensorTableModel::data(const QModelIndex& index, int role) const {
    const auto* t = tensorAt(index.row());
    if (!t) return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return QString::fromStdString(t->name);
        case Role: return QString::fromUtf8(roleName(t->role).data(), qsizetype(roleName(t->role).size()));
        case Block: return t->block >= 0 ? QVariant(t->block) : QVariant(QStringLiteral("–"));
        case Shape: {
            QStringList dims;
            for (auto d : t->shape) dims << QString::number(d);
            return QStringLiteral("[%1]").arg(dims.join(QStringLiteral(", ")));
        }
        case DTypeCol: return QString::fromStdString(t->typeLabel());
        case Params: return formatCount(t->params);
        case Bytes: return formatBytes(double(t->bytes));
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case Block: return t->block;
        case Params: return qlonglong(t->params);
        case Bytes: return qulonglong(t->bytes);
        default: return data(index, Qt::DisplayRole);
        }
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() == Params || index.column() == Bytes || index.column() == Block)
            return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole && index.column() == Name) {
        return QString::fromStdString(t->file);
    }
    return {};
}

QVariant TensorTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Name");
    case Role: return tr("Role");
    case Block: return tr("Block");
    case Shape: return tr("Shape");
    case DTypeCol: return tr("Type");
    case Params: return tr("Parameters");
    case Bytes: return tr("Size");
    }
    return {};
}

QString formatBytes(double bytes) {
    return QLocale().formattedDataSize(qint64(bytes), 2, QLocale::DataSizeIecFormat);
}

QString formatCount(qint64 n) { return QLocale().toString(n); }

} // namespace qs::widgets
