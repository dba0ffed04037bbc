#include "widgets/plan_editor.h"

#include "widgets/plan_model.h"
#include "widgets/tensor_table_model.h"
#include "widgets/type_delegate.h"

#include <QAction>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include "widgets/table_style.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace qs::widgets {

PlanEditor::PlanEditor(PlanModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(PlanModel::SortRole);

    // Presets: llama.cpp mixtures plus "every weight to TYPE".
    preset_ = new QComboBox(this);
    preset_->setToolTip(tr("llama.cpp's named mixtures (the types llama-quantize chooses per tensor) or one type for every weight."));
    for (auto f : PlanModel::mixtures())
        preset_->addItem(tr("Mixture %1").arg(QString::fromStdString(qs::llamaFtypeName(f))), QVariant::fromValue(int(f)));
    preset_->insertSeparator(preset_->count());
    for (auto t : PlanModel::targetTypes())
        preset_->addItem(tr("All weights %1").arg(dtypeName(t)), QVariant::fromValue(-1 - int(t)));
    preset_->setCurrentIndex(int(PlanModel::mixtures().indexOf(qs::LlamaFtype::Q4_K_M)));
    auto* applyPresetButton = new QPushButton(tr("Apply Preset"), this);
    applyPresetButton->setToolTip(tr("Replace the whole plan with the chosen preset (undoable)."));
    connect(applyPresetButton, &QPushButton::clicked, this, &PlanEditor::applyPreset);

    role_ = new QComboBox(this);
    role_->addItem(tr("Any role"));
    for (int r = 0; r <= int(qs::TensorRole::Other); ++r) role_->addItem(roleLabel(qs::TensorRole(r)));
    role_->setToolTip(tr("Select tensors of this role only."));
    firstBlock_ = new QSpinBox(this);
    lastBlock_ = new QSpinBox(this);
    for (QSpinBox* s : {firstBlock_, lastBlock_}) {
        s->setRange(-1, 0);
        s->setSpecialValueText(tr("any"));
        s->setValue(-1);
    }
    firstBlock_->setToolTip(tr("First decoder block of the range (any: from the first)."));
    lastBlock_->setToolTip(tr("Last decoder block of the range (any: to the last)."));
    auto* selectButton = new QPushButton(tr("Select"), this);
    selectButton->setToolTip(tr("Select every tensor of the chosen role within the block range."));
    connect(selectButton, &QPushButton::clicked, this, [this] { selectMatching(); });

    target_ = new QComboBox(this);
    for (auto t : PlanModel::targetTypes()) target_->addItem(dtypeName(t));
    target_->setCurrentText(QStringLiteral("Q4_K"));
    target_->setToolTip(tr("GGUF block type, or a float type to keep the tensor unquantized."));
    auto* applyButton = new QPushButton(tr("Set Target"), this);
    applyButton->setToolTip(tr("Give the selected tensors the chosen type (norms keep theirs)."));
    connect(applyButton, &QPushButton::clicked, this, [this] { applyTargetToSelection(); });

    // Fixed labels (the stack's own actions grow with the command text); the tooltip names the step.
    QUndoStack* stack = model_->undoStack();
    auto* undo = new QPushButton(tr("Undo"), this);
    auto* redo = new QPushButton(tr("Redo"), this);
    connect(undo, &QPushButton::clicked, stack, &QUndoStack::undo);
    connect(redo, &QPushButton::clicked, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canUndoChanged, undo, &QWidget::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redo, &QWidget::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, undo, [undo](const QString& t) { undo->setToolTip(tr("Undo: %1").arg(t)); });
    connect(stack, &QUndoStack::redoTextChanged, redo, [redo](const QString& t) { redo->setToolTip(tr("Redo: %1").arg(t)); });
    undo->setEnabled(false);
    redo->setEnabled(false);

    auto* controls = new QGridLayout;
    controls->addWidget(new QLabel(tr("Preset:"), this), 0, 0);
    controls->addWidget(preset_, 0, 1, 1, 3);
    controls->addWidget(applyPresetButton, 0, 4);
    controls->addWidget(undo, 0, 5);
    controls->addWidget(redo, 0, 6);
    controls->addWidget(new QLabel(tr("Role:"), this), 1, 0);
    controls->addWidget(role_, 1, 1);
    controls->addWidget(new QLabel(tr("Blocks:"), this), 1, 2);
    auto* range = new QHBoxLayout;
    range->addWidget(firstBlock_);
    range->addWidget(new QLabel(QStringLiteral("–"), this));
    range->addWidget(lastBlock_);
    controls->addLayout(range, 1, 3);
    controls->addWidget(selectButton, 1, 4);
    controls->addWidget(new QLabel(tr("Target:"), this), 2, 0);
    controls->addWidget(target_, 2, 1);
    controls->addWidget(applyButton, 2, 4);
    actions_ = new QWidget(this);
    auto* actionsLayout = new QHBoxLayout(actions_);
    actionsLayout->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(actions_, 2, 5, 1, 2);
    controls->setColumnStretch(7, 1);

    view_ = new QTableView(this);
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(-1, Qt::AscendingOrder);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setAlternatingRowColors(true);
    makeCompact(view_);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setItemDelegateForColumn(PlanModel::Target, new TypeDelegate(this));
    view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);

    totals_ = new QLabel(this);
    totals_->setToolTip(tr("Size of the model as opened, and after quantizing with this plan; bits per weight over all parameters."));
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(view_, 1);
    layout->addWidget(totals_);

    connect(model_, &PlanModel::planChanged, this, &PlanEditor::updateTotals);
    connect(model_, &QAbstractItemModel::modelReset, this, &PlanEditor::modelReset);
    modelReset();
}

void PlanEditor::modelReset() {
    int blocks = 0;
    if (auto m = model_->model()) blocks = m->hparams().numLayers;
    for (QSpinBox* s : {firstBlock_, lastBlock_}) s->setRange(-1, std::max(0, blocks - 1));
    view_->resizeColumnsToContents();
    updateTotals();
}

QString PlanEditor::totalsText() const {
    if (!model_->model()) return tr("No model open.");
    const auto m = model_->model();
    const double now = double(model_->currentBytes()), planned = double(model_->plannedBytes());
    return tr("Now %1 (%2 bpw) → planned %3 (%4 bpw), %5 %")
        .arg(formatBytes(now))
        .arg(m->bitsPerWeight(), 0, 'f', 2)
        .arg(formatBytes(planned))
        .arg(model_->plannedBitsPerWeight(), 0, 'f', 2)
        .arg(now > 0 ? 100.0 * (planned - now) / now : 0.0, 0, 'f', 1);
}

void PlanEditor::updateTotals() { totals_->setText(totalsText()); }

QList<int> PlanEditor::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex& i : view_->selectionModel()->selectedRows()) rows << proxy_->mapToSource(i).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void PlanEditor::selectRows(const QList<int>& rows) {
    QItemSelection selection;
    for (int r : rows) {
        const QModelIndex i = proxy_->mapFromSource(model_->index(r, 0));
        selection.select(i, i);
    }
    view_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!rows.isEmpty()) view_->scrollTo(proxy_->mapFromSource(model_->index(rows.first(), 0)));
}

int PlanEditor::selectMatching() {
    std::optional<qs::TensorRole> role;
    if (role_->currentIndex() > 0) role = qs::TensorRole(role_->currentIndex() - 1);
    const QList<int> rows = model_->rowsMatching(role, firstBlock_->value(), lastBlock_->value());
    selectRows(rows);
    return int(rows.size());
}

int PlanEditor::applyTargetToSelection() {
    const QByteArray name = target_->currentText().toUtf8();
    const auto* type = qs::findTypeByName(std::string_view(name.constData(), size_t(name.size())));
    return type ? model_->setTargets(selectedRows(), type->type) : 0;
}

void PlanEditor::setRoleFilter(int roleIndex) { role_->setCurrentIndex(roleIndex); }

void PlanEditor::setBlockRange(int first, int last) {
    firstBlock_->setValue(first);
    lastBlock_->setValue(last);
}

void PlanEditor::setTargetType(const QString& typeName) { target_->setCurrentText(typeName); }

void PlanEditor::applyPreset() {
    const int v = preset_->currentData().toInt();
    if (v >= 0) model_->applyMixture(qs::LlamaFtype(v));
    else model_->applyPure(qs::DType(-1 - v));
}

} // namespace qs::widgets
