#pragma once
// The Results tab: the per-tensor error table of the last quantization, worst first, and its totals.
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace qs::widgets {

class ResultsModel;

class ResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ResultsView(ResultsModel* model, QWidget* parent = nullptr);
    QTableView* view() const { return view_; }
    QWidget* actionsBar() const { return actions_; } // the window adds its buttons here
    QString totalsText() const;

private:
    void refresh();
    ResultsModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_;
    QLabel* totals_;
    QWidget* actions_;
};

} // namespace qs::widgets
