#include "widgets/table_style.h"

#include <QHeaderView>
#include <QTableView>

namespace qs::widgets {

void makeCompact(QTableView* view) {
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->setWordWrap(false);
}

} // namespace qs::widgets
