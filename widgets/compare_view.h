#pragma once
// The Compare tab: which methods, bits, group size and layers to compare; the per-layer relative output
// error as grouped bars and a table; the whole-model summary; and buttons that take a method into the plan.
#include "core/quant/spec.h"

#include <QList>
#include <QWidget>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPBarsGroup;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace qs::widgets {

class CompareLayerModel;
class CompareSummaryModel;

struct CompareRequest {
    QList<qs::QuantMethod> methods;
    int bits = 4;
    int group = 128; // 0: one group per output channel
    QString tensorRegex;
};

class CompareView : public QWidget {
    Q_OBJECT
public:
    CompareView(CompareLayerModel* layers, CompareSummaryModel* summary, QWidget* parent = nullptr);

    CompareRequest request() const;
    void setRequest(const CompareRequest& request);
    QList<int> selectedLayers() const; // rows of the layer model
    void selectLayers(const QList<int>& rows);
    int chosenMethod() const; // index into the comparison's methods
    void setChosenMethod(int method);
    void setRunning(bool running);
    void setStatus(const QString& text);
    QCustomPlot* chart() const { return chart_; }
    int chartBars() const; // bars drawn, all methods together
    QTableView* layerView() const { return layerView_; }
    QTableView* summaryView() const { return summaryView_; }

signals:
    void runRequested();
    void useRequested(const QList<int>& rows, int method); // method -1: the lowest error per layer

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void refresh();
    void redrawChart();
    void labelChart();

    CompareLayerModel* layers_;
    CompareSummaryModel* summary_;
    QLabel* methodsLabel_;
    std::vector<std::pair<qs::QuantMethod, QCheckBox*>> methods_; // in display order
    QSpinBox* bits_;
    QSpinBox* group_;
    QLineEdit* regex_;
    QPushButton* run_;
    QLabel* status_;
    QCustomPlot* chart_;
    QCPBarsGroup* barsGroup_;
    QTableView* layerView_;
    QTableView* summaryView_;
    QComboBox* chosen_;
    QPushButton* use_;
    QPushButton* useBest_;
};

} // namespace qs::widgets
