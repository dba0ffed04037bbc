#include "widgets/type_delegate.h"

#include "widgets/plan_model.h"
#include "widgets/tensor_table_model.h"

#include <QComboBox>

namespace qs::widgets {

QWidget* TypeDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const {
    auto* combo = new QComboBox(parent);
    for (auto t : PlanModel::targetTypes()) combo->addItem(dtypeName(t));
    return combo;
}

void TypeDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
}

void TypeDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
}

} // namespace qs::widgets
