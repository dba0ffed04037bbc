// Settings → Language switches the open window at once (offscreen): menus, tab titles, dock titles and every
// panel's texts come back in Simplified Chinese and then in English again, with no restart.
#include "app/gui/compare_controller.h"
#include "app/gui/job_runner.h"
#include "app/gui/jobs_dock.h"
#include "app/gui/language.h"
#include "app/gui/main_window.h"
#include "app/gui/sensitivity_tab.h"
#include "tests/app/gui/gui_test_support.h"
#include "widgets/activation_view.h"
#include "widgets/compare_view.h"
#include "widgets/distribution_view.h"
#include "widgets/histogram_overlay.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_curve_view.h"
#include "widgets/plan_editor.h"
#include "widgets/plan_model.h"
#include "widgets/results_view.h"
#include "widgets/sensitivity_heatmap.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>
#include <functional>
#include <qcustomplot.h>

namespace {

template <class W>
QStringList textsOf(const QWidget* root) {
    QStringList texts;
    for (const W* w : root->findChildren<W*>()) texts << w->text();
    return texts;
}

QStringList itemsOf(const QComboBox* box) {
    QStringList items;
    for (int i = 0; i < box->count(); ++i) items << box->itemText(i);
    return items;
}

// One visible text of a panel: where to read it, and what it says in English and in Simplified Chinese
// (as translations/quantscope_zh_CN.ts has it).
struct Check {
    const char* what;
    std::function<QStringList()> texts;
    QString en, zh;
};

} // namespace

class TestLanguageSwitch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qs::test::isolateSettings("QuantscopeTestLanguage");
        QVERIFY(qs::gui::installLanguage(QStringLiteral("en")));
    }
    void cleanupTestCase() {
        qs::gui::installLanguage(QStringLiteral("en"));
        QSettings().clear();
    }

    void switchesWithoutRestart() {
        qs::gui::MainWindow w;
        w.show();
        QCOMPARE(w.tabs()->tabText(0), QString("Distributions"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QString("&File"));
        const int menus = w.menuBar()->actions().size();

        switchTo(w, QStringLiteral("zh_CN"));
        QCOMPARE(qs::gui::installedLanguage(), QString("zh_CN"));
        QCOMPARE(w.tabs()->tabText(0), QString::fromUtf8("分布"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QString::fromUtf8("文件(&F)"));
        // The Distributions tab's activation panel retranslates itself too.
        QVERIFY(textsOf<QPushButton>(w.activationView()).contains(QString::fromUtf8("校准")));
        for (auto* dock : w.findChildren<QDockWidget*>())
            QVERIFY2(dock->windowTitle() != "Jobs & Log" && dock->windowTitle() != "Model", qPrintable(dock->windowTitle()));

        switchTo(w, QStringLiteral("en"));
        QCOMPARE(w.tabs()->tabText(0), QString("Distributions"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QString("&File"));
        // The menus are rebuilt, not duplicated.
        QCOMPARE(w.menuBar()->actions().size(), menus);
    }

    // Every panel, with a model open: at least one text of each in Chinese after the switch, in English after
    // switching back; choices in combo boxes and check boxes stay as they were.
    void panelsSwitchWithoutRestart() {
        QS_REQUIRE_SHARED("models/austen-5m");
        qs::gui::MainWindow w;
        w.show();
        QVERIFY(qs::test::openShared(w, "models/austen-5m"));

        auto* compare = w.compare()->view();
        auto* sensitivity = w.sensitivity();
        const auto overlays = compare->findChildren<qs::widgets::HistogramOverlayPlot*>();
        QCOMPARE(overlays.size(), 1); // the error histograms, beside the per-layer table
        auto* preset = w.planEditor()->findChildren<QComboBox*>().first();
        const QString presetBefore = preset->currentText();
        QCOMPARE(presetBefore, QString("Mixture Q4_K_M"));
        const int presetIndex = preset->currentIndex();
        QCheckBox* hqq = nullptr;
        for (auto* box : compare->findChildren<QCheckBox*>())
            if (box->text() == "HQQ") hqq = box;
        QVERIFY(hqq && !hqq->isChecked());
        hqq->setChecked(true);

        auto curveTitle = [&] {
            auto* layout = sensitivity->curve()->plot()->plotLayout();
            auto* title = layout->rowCount() > 1 ? qobject_cast<QCPTextElement*>(layout->element(0, 0)) : nullptr;
            return QStringList{title ? title->text() : QString()};
        };
        const std::vector<Check> checks = {
            {"Sensitivity tab title", [&] { return QStringList{w.tabs()->tabText(w.tabs()->indexOf(sensitivity))}; }, "Sensitivity",
             "敏感度"},
            {"Plan tab: recipe button", [&] { return textsOf<QPushButton>(w.planEditor()); }, "Load Recipe…", "加载配方…"},
            {"Plan tab: preset button", [&] { return textsOf<QPushButton>(w.planEditor()); }, "Apply Preset", "应用预设"},
            {"Plan tab: preset label", [&] { return textsOf<QLabel>(w.planEditor()); }, "Preset:", "预设："},
            {"Plan tab: role filter", [&] { return itemsOf(w.planEditor()->findChildren<QComboBox*>().at(1)); }, "Any role", "任意角色"},
            {"Plan tab: chosen preset", [&] { return QStringList{preset->currentText()}; }, "Mixture Q4_K_M", "混合方案 Q4_K_M"},
            {"Distributions: button", [&] { return textsOf<QPushButton>(w.distributionView()); }, "Reset Zoom", "重置缩放"},
            {"Distributions: channel list title", [&] { return textsOf<QLabel>(w.distributionView()); }, "Top outlier channels",
             "离群程度最高的通道"},
            {"Distributions: prompt", [&] { return QStringList{w.distributionView()->summaryText()}; },
             "Select a tensor in the model panel to see its distribution.", "在模型面板中选择一个张量以查看其分布。"},
            {"Activations: prompt", [&] { return QStringList{w.activationView()->activationText()}; },
             "Run → Calibrate (Ctrl+Shift+K) to see the selected tensor's input activations.",
             "运行 → 校准（Ctrl+Shift+K）后可查看所选张量的输入激活。"},
            {"Activations: overlay prompt", [&] { return QStringList{w.activationView()->overlay()->title()}; },
             "Select up to four tensors (Ctrl+click) to overlay their weight histograms.",
             "选择最多四个张量（Ctrl+单击）以叠加其权重直方图。"},
            {"Compare: run button", [&] { return textsOf<QPushButton>(compare); }, "Compare", "比较"},
            {"Compare: methods label", [&] { return textsOf<QLabel>(compare); }, "Methods:", "方法："},
            {"Compare: chart axis", [&] { return QStringList{compare->chart()->yAxis->label()}; }, "rel. output error", "相对输出误差"},
            {"Compare: error histogram prompt", [&] { return QStringList{overlays.first()->title()}; },
             "Select a layer in the table to see each method's weight error histogram.",
             "在表中选择一层以查看每种方法的权重误差直方图。"},
            {"Results: chart axis", [&] { return QStringList{w.resultsView()->chart()->yAxis->label()}; }, "rel. Frobenius error (%)",
             "相对 Frobenius 误差 (%)"},
            {"Results: totals", [&] { return QStringList{w.resultsView()->totalsText().section('\n', 0, 0)}; },
             "No results yet: set a plan and run Quantize (Ctrl+R).", "尚无结果：请设置计划并运行量化（Ctrl+R）。"},
            {"Results: report button", [&] { return textsOf<QPushButton>(w.resultsView()); }, "Save Report JSON…", "保存报告 JSON…"},
            {"Sensitivity: measure button", [&] { return textsOf<QPushButton>(sensitivity); }, "Measure", "测量"},
            {"Sensitivity: candidates label", [&] { return textsOf<QLabel>(sensitivity); }, "Candidates:", "候选类型："},
            {"Sensitivity: status", [&] { return textsOf<QLabel>(sensitivity); },
             "Measure the model, or load a measurement made by quantscope-cli sensitivity.",
             "测量模型，或载入由 quantscope-cli sensitivity 生成的测量结果。"},
            {"Sensitivity: heat map axis", [&] { return QStringList{sensitivity->heatmap()->plot()->yAxis->label()}; }, "Role", "角色"},
            {"Sensitivity: curve axis", [&] { return QStringList{sensitivity->curve()->plot()->xAxis->label()}; }, "Bits per weight",
             "每权重比特数"},
            {"Sensitivity: curve title", curveTitle, "Estimated KLD against size", "估计 KLD 与大小"},
            {"Jobs dock: title", [&] { return QStringList{w.jobsDock()->windowTitle()}; }, "Jobs & Log", "任务与日志"},
            {"Jobs dock: menu entry", [&] { return QStringList{w.jobsDock()->toggleViewAction()->text()}; }, "&Jobs && Log",
             "任务与日志(&J)"},
            {"Jobs dock: button", [&] { return textsOf<QPushButton>(w.jobsDock()); }, "Clear Finished", "清除已结束"},
        };
        auto verifyAll = [&](bool chinese) {
            for (const Check& c : checks) {
                const QString expected = chinese ? c.zh : c.en;
                const QStringList texts = c.texts();
                QVERIFY2(texts.contains(expected),
                         qPrintable(QStringLiteral("%1: expected \"%2\" among \"%3\"").arg(c.what, expected, texts.join("\", \""))));
            }
        };
        verifyAll(false);

        // Item models tell their views to fetch headers and cell texts again (they are tr()'d when asked).
        QSignalSpy jobHeaders(w.jobRunner()->jobsModel(), &QAbstractItemModel::headerDataChanged);
        QSignalSpy summaryHeaders(w.compare()->view()->summaryView()->model(), &QAbstractItemModel::headerDataChanged);
        QSignalSpy planHeaders(w.planModel(), &QAbstractItemModel::headerDataChanged);
        switchTo(w, QStringLiteral("zh_CN"));
        verifyAll(true);
        QVERIFY(jobHeaders.count() > 0);
        QVERIFY(summaryHeaders.count() > 0);
        QVERIFY(planHeaders.count() > 0);
        QCOMPARE(preset->currentIndex(), presetIndex);
        QVERIFY(hqq->isChecked());

        switchTo(w, QStringLiteral("en"));
        verifyAll(false);
        QCOMPARE(preset->currentText(), presetBefore);
        QVERIFY(hqq->isChecked());
    }

private:
    static void switchTo(qs::gui::MainWindow& w, const QString& language) {
        qs::gui::AppSettings s = qs::gui::AppSettings::load();
        s.language = language;
        w.applySettings(s);
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "test_language_switch.moc"
