#pragma once
// The Plan tab: choose target types for tensors (multi-selection, or by role and block range), apply
// llama.cpp presets, undo/redo, and see the planned size and bits per weight update as you edit.
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace qs::widgets {

class PlanModel;

class PlanEditor : public QWidget {
    Q_OBJECT
public:
    explicit PlanEditor(PlanModel* model, QWidget* parent = nullptr);

    QTableView* view() const { return view_; }
    QList<int> selectedRows() const; // source rows of the plan model
    // Selects every tensor matching the role/block controls; returns how many.
    int selectMatching();
    void selectRows(const QList<int>& rows);
    // Applies the target combo's type to the selection.
    int applyTargetToSelection();
    void setRoleFilter(int roleIndex);         // 0 = any role, else TensorRole + 1
    void setBlockRange(int first, int last);   // -1: unbounded
    void setTargetType(const QString& typeName);
    QString totalsText() const;
    QWidget* actionsBar() const { return actions_; } // the window adds its recipe buttons here

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void updateUndoToolTips();
    void modelReset();
    void updateTotals();
    void applyPreset();

    PlanModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_;
    QLabel* presetLabel_;
    QComboBox* preset_;
    QPushButton* applyPreset_;
    QPushButton* undo_;
    QPushButton* redo_;
    QLabel* roleLabel_;
    QComboBox* role_;
    QLabel* blocksLabel_;
    QSpinBox* firstBlock_;
    QSpinBox* lastBlock_;
    QPushButton* select_;
    QLabel* targetLabel_;
    QComboBox* target_;
    QPushButton* applyTarget_;
    QLabel* totals_;
    QWidget* actions_;
};

} // namespace qs::widgets
