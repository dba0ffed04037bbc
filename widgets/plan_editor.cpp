#include "widgets/plan_editor.h"

#include "widgets/plan_model.h"
#include "widgets/tensor_table_model.h"
#include "widgets/type_delegate.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
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

    // Presets: llama.cpp mixtures plus "every weight to TYPE" (their texts are set in retranslate).
    preset_ = new QComboBox(this);
    for (auto f : PlanModel::mixtures()) preset_->addItem(QString(), QVariant::fromValue(int(f)));
    preset_->insertSeparator(preset_->count());
    for (auto t : PlanModel::targetTypes()) preset_->addItem(QString(), QVariant::fromValue(-1 - int(t)));
    preset_->setCurrentIndex(int(PlanModel::mixtures().indexOf(qs::LlamaFtype::Q4_K_M)));
    applyPreset_ = new QPushButton(this);
    connect(applyPreset_, &QPushButton::clicked, this, &PlanEditor::applyPreset);

    role_ = new QComboBox(this);
    role_->addItem(QString());
    for (int r = 0; r <= int(qs::TensorRole::Other); ++r) role_->addItem(roleLabel(qs::TensorRole(r)));
    firstBlock_ = new QSpinBox(this);
    lastBlock_ = new QSpinBox(this);
    for (QSpinBox* s : {firstBlock_, lastBlock_}) {
        s->setRange(-1, 0);
        s->setValue(-1);
    }
    select_ = new QPushButton(this);
    connect(select_, &QPushButton::clicked, this, [this] { selectMatching(); });

    target_ = new QComboBox(this);
    for (auto t : PlanModel::targetTypes()) target_->addItem(dtypeName(t));
    target_->setCurrentText(QStringLiteral("Q4_K"));
    applyTarget_ = new QPushButton(this);
    connect(applyTarget_, &QPushButton::clicked, this, [this] { applyTargetToSelection(); });

    // Fixed labels (the stack's own actions grow with the command text); the tooltip names the step.
    QUndoStack* stack = model_->undoStack();
    undo_ = new QPushButton(this);
    redo_ = new QPushButton(this);
    connect(undo_, &QPushButton::clicked, stack, &QUndoStack::undo);
    connect(redo_, &QPushButton::clicked, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canUndoChanged, undo_, &QWidget::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redo_, &QWidget::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, this, &PlanEditor::updateUndoToolTips);
    connect(stack, &QUndoStack::redoTextChanged, this, &PlanEditor::updateUndoToolTips);
    undo_->setEnabled(false);
    redo_->setEnabled(false);

    presetLabel_ = new QLabel(this);
    roleLabel_ = new QLabel(this);
    blocksLabel_ = new QLabel(this);
    targetLabel_ = new QLabel(this);
    auto* controls = new QGridLayout;
    controls->addWidget(presetLabel_, 0, 0);
    controls->addWidget(preset_, 0, 1, 1, 3);
    controls->addWidget(applyPreset_, 0, 4);
    controls->addWidget(undo_, 0, 5);
    controls->addWidget(redo_, 0, 6);
    controls->addWidget(roleLabel_, 1, 0);
    controls->addWidget(role_, 1, 1);
    controls->addWidget(blocksLabel_, 1, 2);
    auto* range = new QHBoxLayout;
    range->addWidget(firstBlock_);
    range->addWidget(new QLabel(QStringLiteral("–"), this));
    range->addWidget(lastBlock_);
    controls->addLayout(range, 1, 3);
    controls->addWidget(select_, 1, 4);
    controls->addWidget(targetLabel_, 2, 0);
    controls->addWidget(target_, 2, 1);
    controls->addWidget(applyTarget_, 2, 4);
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
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(view_, 1);
    layout->addWidget(totals_);

    connect(model_, &PlanModel::planChanged, this, &PlanEditor::updateTotals);
    connect(model_, &QAbstractItemModel::modelReset, this, &PlanEditor::modelReset);
    retranslate();
    modelReset();
}

void PlanEditor::retranslate() {
    presetLabel_->setText(tr("Preset:"));
    preset_->setToolTip(tr("llama.cpp's named mixtures (the types llama-quantize chooses per tensor) or one type for every weight."));
    for (int i = 0; i < preset_->count(); ++i) {
        const QVariant data = preset_->itemData(i);
        if (!data.isValid()) continue; // the separator
        const int v = data.toInt();
        preset_->setItemText(i, v >= 0 ? tr("Mixture %1").arg(QString::fromStdString(qs::llamaFtypeName(qs::LlamaFtype(v))))
                                       : tr("All weights %1").arg(dtypeName(qs::DType(-1 - v))));
    }
    applyPreset_->setText(tr("Apply Preset"));
    applyPreset_->setToolTip(tr("Replace the whole plan with the chosen preset (undoable)."));
    undo_->setText(tr("Undo"));
    redo_->setText(tr("Redo"));
    updateUndoToolTips();
    roleLabel_->setText(tr("Role:"));
    role_->setItemText(0, tr("Any role"));
    role_->setToolTip(tr("Select tensors of this role only."));
    blocksLabel_->setText(tr("Blocks:"));
    for (QSpinBox* s : {firstBlock_, lastBlock_}) s->setSpecialValueText(tr("any"));
    firstBlock_->setToolTip(tr("First decoder block of the range (any: from the first)."));
    lastBlock_->setToolTip(tr("Last decoder block of the range (any: to the last)."));
    select_->setText(tr("Select"));
    select_->setToolTip(tr("Select every tensor of the chosen role within the block range."));
    targetLabel_->setText(tr("Target:"));
    target_->setToolTip(tr("GGUF block type, or a float type to keep the tensor unquantized."));
    applyTarget_->setText(tr("Set Target"));
    applyTarget_->setToolTip(tr("Give the selected tensors the chosen type (norms keep theirs)."));
    totals_->setToolTip(tr("Size of the model as opened, and after quantizing with this plan; bits per weight over all parameters."));
    updateTotals();
    retranslateModel(model_);
}

void PlanEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

// The buttons keep fixed labels; their tooltips name the step (its text as it was pushed).
void PlanEditor::updateUndoToolTips() {
    const QUndoStack* stack = model_->undoStack();
    undo_->setToolTip(stack->canUndo() ? tr("Undo: %1").arg(stack->undoText()) : QString());
    redo_->setToolTip(stack->canRedo() ? tr("Redo: %1").arg(stack->redoText()) : QString());
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
