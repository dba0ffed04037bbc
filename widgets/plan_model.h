#pragma once
// Item model over a plain plan value: one target storage type per tensor (indexed like model.tensors()),
// the same vector exportGguf takes, plus an optional QuantSpec per tensor for what a GGUF type cannot say
// (a method and integer grid chosen in the Compare tab). Every change goes through the undo stack.
#include "core/model/model.h"
#include "core/plan/llama_mixture.h"
#include "core/quant/spec.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPair>
#include <memory>
#include <optional>
#include <vector>

class QUndoStack;

namespace qs::widgets {

using Plan = std::vector<qs::DType>;
using SpecOverrides = std::vector<std::optional<qs::QuantSpec>>; // indexed like Plan; nullopt: the target type

class PlanModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Role, Block, Current, Target, Bpw, Size, ColumnCount };
    enum { SortRole = Qt::UserRole + 1 };

    explicit PlanModel(QObject* parent = nullptr);

    // Starts from `plan` (empty: keep every tensor as it is) and clears the undo history.
    void setModel(std::shared_ptr<const qs::Model> model, Plan plan = {});
    std::shared_ptr<const qs::Model> model() const { return model_; }
    const Plan& plan() const { return plan_; }
    const SpecOverrides& specOverrides() const { return specs_; }
    bool hasSpecOverrides() const;
    QUndoStack* undoStack() const { return undo_; }

    // Quantizable weights take any target type; norms and other tensors keep theirs.
    bool isEditable(int row) const;
    // Sets the target of the editable rows among `rows`; one undo step. Returns the number changed.
    int setTargets(const QList<int>& rows, qs::DType type);
    // Replaces the whole plan (a preset, a recipe); one undo step named `text`. Empty `specs`: no overrides.
    void applyPlan(const Plan& plan, const QString& text, const SpecOverrides& specs = {});
    void applyMixture(qs::LlamaFtype ftype);
    void applyPure(qs::DType type);
    // Plans `spec` for each (row, spec) pair on an editable row; one undo step named `text`. Returns the number changed.
    int setSpecs(const QList<QPair<int, qs::QuantSpec>>& specs, const QString& text);

    // Rows matching a role (nullopt: any) within blocks [firstBlock, lastBlock] (-1 ends: unbounded).
    QList<int> rowsMatching(std::optional<qs::TensorRole> role, int firstBlock, int lastBlock) const;

    uint64_t currentBytes() const;
    uint64_t plannedBytes() const;
    double plannedBitsPerWeight() const;

    static QList<qs::DType> targetTypes();       // the types a tensor can be planned as
    static QList<qs::LlamaFtype> mixtures();      // llama.cpp's named mixtures, for presets
    static Plan keepPlan(const qs::Model& model); // every weight as it is, 1-D tensors as export keeps them

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void planChanged();

private:
    friend class ReplacePlanCommand;
    void replacePlan(const Plan& plan, const SpecOverrides& specs); // no undo entry: used by the undo commands
    void push(Plan plan, SpecOverrides specs, const QString& text);
    uint64_t rowBytes(int row) const;

    std::shared_ptr<const qs::Model> model_;
    Plan plan_;
    SpecOverrides specs_;
    QUndoStack* undo_ = nullptr;
};

} // namespace qs::widgets
