#include "widgets/plan_model.h"

#include "widgets/plan_size.h"
#include "widgets/tensor_table_model.h"

#include <QUndoCommand>
#include <QUndoStack>
#include <algorithm>

namespace qs::widgets {

class ReplacePlanCommand : public QUndoCommand {
public:
    ReplacePlanCommand(PlanModel* model, Plan after, SpecOverrides afterSpecs, const QString& text)
        : QUndoCommand(text), model_(model), before_(model->plan_), beforeSpecs_(model->specs_), after_(std::move(after)),
          afterSpecs_(std::move(afterSpecs)) {}
    void redo() override { model_->replacePlan(after_, afterSpecs_); }
    void undo() override { model_->replacePlan(before_, beforeSpecs_); }

private:
    PlanModel* model_;
    Plan before_;
    SpecOverrides beforeSpecs_;
    Plan after_;
    SpecOverrides afterSpecs_;
};

PlanModel::PlanModel(QObject* parent) : QAbstractTableModel(parent), undo_(new QUndoStack(this)) {}

Plan PlanModel::keepPlan(const qs::Model& model) {
    Plan plan = qs::pureTypePlan(model, qs::DType::F16);
    const auto targets = targetTypes();
    const auto& tensors = model.tensors();
    for (size_t i = 0; i < tensors.size(); ++i)
        if (qs::isQuantizableWeight(tensors[i]) && targets.contains(tensors[i].type)) plan[i] = tensors[i].type;
    return plan;
}

void PlanModel::setModel(std::shared_ptr<const qs::Model> model, Plan plan) {
    beginResetModel();
    model_ = std::move(model);
    plan_ = model_ ? (plan.size() == model_->tensors().size() ? std::move(plan) : keepPlan(*model_)) : Plan{};
    specs_.assign(plan_.size(), std::nullopt);
    endResetModel();
    undo_->clear();
    emit planChanged();
}

bool PlanModel::isEditable(int row) const {
    return model_ && row >= 0 && row < rowCount() && qs::isQuantizableWeight(model_->tensors()[size_t(row)]);
}

int PlanModel::setTargets(const QList<int>& rows, qs::DType type) {
    Plan next = plan_;
    SpecOverrides nextSpecs = specs_;
    int changed = 0;
    for (int r : rows)
        if (isEditable(r) && (next[size_t(r)] != type || nextSpecs[size_t(r)])) {
            next[size_t(r)] = type;
            nextSpecs[size_t(r)].reset();
            ++changed;
        }
    if (changed) push(std::move(next), std::move(nextSpecs), tr("Set %n tensor(s) to %1", nullptr, changed).arg(dtypeName(type)));
    return changed;
}

int PlanModel::setSpecs(const QList<QPair<int, qs::QuantSpec>>& specs, const QString& text) {
    SpecOverrides next = specs_;
    int changed = 0;
    for (const auto& [r, spec] : specs)
        if (isEditable(r) && next[size_t(r)] != spec) {
            next[size_t(r)] = spec;
            ++changed;
        }
    if (changed) push(plan_, std::move(next), text);
    return changed;
}

bool PlanModel::hasSpecOverrides() const {
    return std::any_of(specs_.begin(), specs_.end(), [](const auto& s) { return s.has_value(); });
}

void PlanModel::push(Plan plan, SpecOverrides specs, const QString& text) {
    undo_->push(new ReplacePlanCommand(this, std::move(plan), std::move(specs), text));
}

void PlanModel::applyPlan(const Plan& plan, const QString& text, const SpecOverrides& specs) {
    SpecOverrides next = specs.size() == plan.size() ? specs : SpecOverrides(plan.size());
    if (!model_ || plan.size() != plan_.size() || (plan == plan_ && next == specs_)) return;
    push(plan, std::move(next), text);
}

void PlanModel::applyMixture(qs::LlamaFtype ftype) {
    if (!model_) return;
    applyPlan(qs::llamaMixtureTypes(*model_, ftype),
              tr("Preset %1").arg(QString::fromStdString(qs::llamaFtypeName(ftype))));
}

void PlanModel::applyPure(qs::DType type) {
    if (!model_) return;
    Plan next = plan_;
    for (int r = 0; r < rowCount(); ++r)
        if (isEditable(r)) next[size_t(r)] = type;
    applyPlan(next, tr("All weights to %1").arg(dtypeName(type)));
}

void PlanModel::replacePlan(const Plan& plan, const SpecOverrides& specs) {
    plan_ = plan;
    specs_ = specs;
    if (rowCount() > 0) emit dataChanged(index(0, Target), index(rowCount() - 1, Size));
    emit planChanged();
}

QList<int> PlanModel::rowsMatching(std::optional<qs::TensorRole> role, int firstBlock, int lastBlock) const {
    QList<int> rows;
    if (!model_) return rows;
    const auto& tensors = model_->tensors();
    for (size_t i = 0; i < tensors.size(); ++i) {
        const auto& t = tensors[i];
        if (role && t.role != *role) continue;
        if (firstBlock >= 0 && (t.block < 0 || t.block < firstBlock)) continue;
        if (lastBlock >= 0 && (t.block < 0 || t.block > lastBlock)) continue;
        rows << int(i);
    }
    return rows;
}

uint64_t PlanModel::currentBytes() const { return model_ ? model_->totalBytes() : 0; }

uint64_t PlanModel::rowBytes(int row) const {
    return widgets::plannedBytes(model_->tensors()[size_t(row)], plan_[size_t(row)], specs_[size_t(row)]);
}

uint64_t PlanModel::plannedBytes() const {
    uint64_t total = 0;
    for (int r = 0; r < rowCount(); ++r) total += rowBytes(r);
    return total;
}

double PlanModel::plannedBitsPerWeight() const {
    const int64_t params = model_ ? model_->totalParams() : 0;
    return params ? 8.0 * double(plannedBytes()) / double(params) : 0.0;
}

QList<qs::DType> PlanModel::targetTypes() {
    using D = qs::DType;
    return {D::F32, D::F16, D::BF16, D::Q8_0, D::Q6_K, D::Q5_K, D::Q5_1, D::Q5_0, D::Q4_K, D::Q4_1, D::Q4_0, D::Q3_K, D::Q2_K};
}

QList<qs::LlamaFtype> PlanModel::mixtures() {
    using F = qs::LlamaFtype;
    return {F::Q2_K, F::Q2_K_S, F::Q3_K_S, F::Q3_K_M, F::Q3_K_L, F::Q4_K_S, F::Q4_K_M, F::Q5_K_S, F::Q5_K_M, F::Q6_K,
            F::Q4_0, F::Q4_1, F::Q5_0, F::Q5_1, F::Q8_0};
}

int PlanModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !model_ ? 0 : int(model_->tensors().size());
}

int PlanModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PlanModel::data(const QModelIndex& index, int role) const {
    if (!model_ || !index.isValid() || index.row() >= rowCount()) return {};
    const auto& t = model_->tensors()[size_t(index.row())];
    const qs::DType target = plan_[size_t(index.row())];
    const auto& spec = specs_[size_t(index.row())];
    const uint64_t bytes = rowBytes(index.row());
    const double bpw = t.params ? 8.0 * double(bytes) / double(t.params) : 0.0;
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Name: return displayName(t);
        case Role: return roleLabel(t.role);
        case Block: return t.block >= 0 ? QVariant(t.block) : QVariant(QStringLiteral("–"));
        case Current: return dtypeName(t.type);
        case Target: return spec ? QString::fromStdString(spec->toString()) : dtypeName(target);
        case Bpw: return QString::number(bpw, 'f', 2);
        case Size: return formatBytes(double(bytes));
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case Name: return QString::fromStdString(t.name);
        case Block: return t.block;
        case Bpw: return bpw;
        case Size: return qulonglong(bytes);
        default: return data(index, Qt::DisplayRole);
        }
    } else if (role == Qt::TextAlignmentRole && index.column() >= Bpw) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole) {
        if (index.column() == Name) return QString::fromStdString(t.name);
        if (index.column() == Target && !isEditable(index.row()))
            return tr("Norms and other non-matrix tensors are not quantized; they keep this type.");
        return headerData(index.column(), Qt::Horizontal, Qt::ToolTipRole);
    }
    return {};
}

bool PlanModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || index.column() != Target) return false;
    const QByteArray name = value.toString().toUtf8();
    const auto* type = qs::findTypeByName(std::string_view(name.constData(), size_t(name.size())));
    if (!type || !targetTypes().contains(type->type)) return false;
    return setTargets({index.row()}, type->type) > 0;
}

Qt::ItemFlags PlanModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == Target && isEditable(index.row())) f |= Qt::ItemIsEditable;
    return f;
}

QVariant PlanModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Current: return tr("The storage type in the opened file.");
        case Target: return tr("The storage type this tensor will be quantized to; double-click to change it.");
        case Bpw: return tr("Bits per weight of the target type, including block scales.");
        case Size: return tr("Bytes the tensor will occupy after quantization.");
        default: return TensorTableModel::columnToolTip(section); // Name, Role and Block match the tensor table
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Name");
    case Role: return tr("Role");
    case Block: return tr("Block");
    case Current: return tr("Current");
    case Target: return tr("Target");
    case Bpw: return tr("bpw");
    case Size: return tr("Planned size");
    }
    return {};
}

} // namespace qs::widgets
