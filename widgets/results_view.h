#pragma once
// The Results tab: per-tensor error bars of the last quantization sorted by error, the error table
// (worst first) and the totals.
#include <QWidget>
#include <vector>

class QCPBars;
class QCustomPlot;
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
    QCustomPlot* chart() const { return chart_; }
    int chartBars() const; // tensors drawn in the error chart

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void refresh();
    void redrawChart();
    void labelChart(); // the x axis names the tensor count when there are too many for tick labels
    ResultsModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_;
    QLabel* totals_;
    QWidget* actions_;
    QCustomPlot* chart_;
    QCPBars* bars_;
    std::vector<QString> chartNames_;
};

} // namespace qs::widgets
