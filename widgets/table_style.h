#pragma once
class QAbstractItemModel;
class QTableView;

namespace qs::widgets {

// Dense rows without a row-number header, as every table in the workbench shows them.
void makeCompact(QTableView* view);
// A context menu on the column header that shows and hides columns.
void addColumnMenu(QTableView* view);
// After a language switch: makes the views fetch the model's headers and cell texts (tr() when asked) again.
void retranslateModel(QAbstractItemModel* model);

} // namespace qs::widgets
