#include "widgets/results_view.h"

#include "widgets/results_model.h"

#include "widgets/table_style.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace qs::widgets {

ResultsView::ResultsView(ResultsModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ResultsModel::SortRole);
    view_ = new QTableView(this);
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setAlternatingRowColors(true);
    makeCompact(view_);
    view_->horizontalHeader()->setStretchLastSection(true);
    totals_ = new QLabel(this);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    totals_->setWordWrap(true);
    actions_ = new QWidget(this);
    auto* actionsLayout = new QHBoxLayout(actions_);
    actionsLayout->setContentsMargins(0, 0, 0, 0);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(totals_, 1);
    bottom->addWidget(actions_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(view_, 1);
    layout->addLayout(bottom);
    connect(model_, &QAbstractItemModel::modelReset, this, &ResultsView::refresh);
    refresh();
}

QString ResultsView::totalsText() const { return model_->totalsText(); }

void ResultsView::refresh() {
    totals_->setText(model_->totalsText());
    // Worst tensors first: sort by relative Frobenius error, descending.
    view_->sortByColumn(ResultsModel::RelFrobenius, Qt::DescendingOrder);
    view_->resizeColumnsToContents();
}

} // namespace qs::widgets
