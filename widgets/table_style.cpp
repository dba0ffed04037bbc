#include "widgets/table_style.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>

namespace qs::widgets {

void makeCompact(QTableView* view) {
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->setWordWrap(false);
}

void addColumnMenu(QTableView* view) {
    QHeaderView* header = view->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QHeaderView::customContextMenuRequested, view, [view, header](const QPoint& pos) {
        QMenu menu(view);
        const auto* model = view->model();
        for (int c = 0; c < model->columnCount(); ++c) {
            QAction* a = menu.addAction(model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            a->setEnabled(c != 0); // the name column always stays
            QObject::connect(a, &QAction::toggled, header, [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
}

void retranslateModel(QAbstractItemModel* model) {
    const int rows = model->rowCount(), columns = model->columnCount();
    if (columns == 0) return;
    emit model->headerDataChanged(Qt::Horizontal, 0, columns - 1);
    if (rows > 0) emit model->dataChanged(model->index(0, 0), model->index(rows - 1, columns - 1), {Qt::DisplayRole, Qt::ToolTipRole});
}

} // namespace qs::widgets
