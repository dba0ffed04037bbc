<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>qs::gui::ActivationController</name>
    <message>
        <location filename="../app/gui/activation_controller.cpp" line="+130"/>
        <source>Calibration failed: %1</source>
        <translation>校准失败：%1</translation>
    </message>
    <message>
        <source>Run → Calibrate (Ctrl+Shift+K) to see the selected tensor&apos;s input activations.</source>
        <translation type="vanished">运行 → 校准（Ctrl+Shift+K）后可查看所选张量的输入激活。</translation>
    </message>
    <message>
        <source>Select up to four tensors (Ctrl+click) to overlay their weight histograms.</source>
        <translation type="vanished">选择最多四个张量（Ctrl+单击）以叠加其权重直方图。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Calibrate %1 (%2 × %3 tokens)</source>
        <translation>校准 %1（%2 × %3 个词元）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 is not a matrix that multiplies activations.</source>
        <translation>%1 不是与激活相乘的矩阵。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run → Calibrate (Ctrl+Shift+K) to see the input activations of %1.</source>
        <translation>运行 → 校准（Ctrl+Shift+K）后可查看 %1 的输入激活。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Calibration did not record the input of %1.</source>
        <translation>校准未记录 %1 的输入。</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Overlay of %n tensor(s)</source>
        <translation>
            <numerusform>叠加 %n 个张量</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>Weight histograms of %n tensor(s), as densities</source>
        <translation>
            <numerusform>%n 个张量的权重直方图（按密度）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qs::gui::CompareChartsController</name>
    <message>
        <location filename="../app/gui/compare_charts_controller.cpp" line="+40"/>
        <source>No error histograms: %1</source>
        <translation>无误差直方图：%1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Quantizing %1 with %2…</source>
        <translation>正在用 %2 量化 %1…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error histograms of %1</source>
        <translation>%1 的误差直方图</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Weight error of %1 per method</source>
        <translation>%1 在各方法下的权重误差</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>weight error W − Ŵ of %1</source>
        <translation>%1 的权重误差 W − Ŵ</translation>
    </message>
</context>
<context>
    <name>qs::gui::CompareController</name>
    <message>
        <location filename="../app/gui/compare_controller.cpp" line="+47"/>
        <source>Pick at least one method.</source>
        <translation>请至少选择一种方法。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Comparing %1 on %2 × %3 calibration tokens…</source>
        <translation>正在用 %2 × %3 个校准词元比较 %1…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Compare methods on %1</source>
        <translation>在 %1 上比较方法</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n token(s) scored; bold: the lowest error per layer. Select layers and pick a method to plan it.</source>
        <translation>
            <numerusform>已评估 %n 个词元；粗体为每层误差最低者。选择层并挑选一种方法以加入计划。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Use %1 for %n layer(s)</source>
        <translation>
            <numerusform>对 %n 个层使用 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Use the best method for %n layer(s)</source>
        <translation>
            <numerusform>对 %n 个层使用最佳方法</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qs::gui::DistributionsController</name>
    <message>
        <source>Select a tensor in the model panel to see its distribution.</source>
        <translation type="vanished">在模型面板中选择一个张量以查看其分布。</translation>
    </message>
    <message>
        <location filename="../app/gui/distributions_controller.cpp" line="+53"/>
        <source>Computing statistics of %1…</source>
        <translation>正在计算 %1 的统计量…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Statistics %1</source>
        <translation>统计 %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No statistics: %1</source>
        <translation>无统计量：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Statistics of %n tensor(s)</source>
        <translation>
            <numerusform>统计 %n 个张量</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qs::gui::ExportDialog</name>
    <message>
        <location filename="../app/gui/export_dialog.cpp" line="+18"/>
        <source>Export Quantized Model</source>
        <translation>导出量化模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GGUF (llama.cpp)</source>
        <translation>GGUF（llama.cpp）</translation>
    </message>
    <message>
        <source>The file format to write; GGUF holds the plan&apos;s block types as llama.cpp reads them.</source>
        <translation type="vanished">要写入的文件格式；GGUF 以 llama.cpp 可读取的方式保存计划中的块类型。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Measure the error of every tensor</source>
        <translation>测量每个张量的误差</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dequantize each tensor after quantizing it and compare with the original (slower).</source>
        <translation>量化每个张量后将其反量化，并与原始值比较（较慢）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the folder when done</source>
        <translation>完成后打开所在文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+20"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Hugging Face GPTQ folder (transformers, vLLM)</source>
        <translation>Hugging Face GPTQ 文件夹（transformers、vLLM）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hugging Face AWQ folder (GEMM packing)</source>
        <translation>Hugging Face AWQ 文件夹（GEMM 打包）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hugging Face folder, dequantized float weights</source>
        <translation>Hugging Face 文件夹，反量化的浮点权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF holds the plan&apos;s block types as llama.cpp reads them; the GPTQ and AWQ folders hold integer grids planned in Compare or from a recipe; the dequantized folder holds the planned weights as floats.</source>
        <translation>GGUF 以 llama.cpp 可读取的方式保存计划中的块类型；GPTQ 和 AWQ 文件夹保存在“比较”中或由配方计划的整数网格；反量化文件夹以浮点保存计划后的权重。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export Folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export GGUF</source>
        <translation>导出 GGUF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
</context>
<context>
    <name>qs::gui::JobRunner</name>
    <message>
        <location filename="../app/gui/job_runner.cpp" line="+21"/>
        <source>quantizing</source>
        <translation>量化中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>calibrating</source>
        <translation>校准中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>evaluating</source>
        <translation>评估中</translation>
    </message>
</context>
<context>
    <name>qs::gui::JobsDock</name>
    <message>
        <location filename="../app/gui/jobs_dock.cpp" line="+80"/>
        <source>Jobs &amp; Log</source>
        <translation>任务与日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Jobs &amp;&amp; Log</source>
        <translation>任务与日志(&amp;J)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear Finished</source>
        <translation>清除已结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove finished, failed and cancelled jobs from the list.</source>
        <translation>从列表中移除已完成、失败和已取消的任务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel All</source>
        <translation>全部取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask every running job to stop; results from earlier jobs stay.</source>
        <translation>请求所有正在运行的任务停止；之前任务的结果保持不变。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages from jobs appear here.</source>
        <translation>任务的消息显示在这里。</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Started: %1</source>
        <translation>已开始：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop this job; the plan and earlier results stay as they are.</source>
        <translation>停止此任务；计划和之前的结果保持不变。</translation>
    </message>
</context>
<context>
    <name>qs::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="+556"/>
        <source>Quantscope</source>
        <translation>Quantscope</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Number of weights in the model.</source>
        <translation>模型中的权重数量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size of the model as opened → size after quantizing with the current plan, in bits per weight.</source>
        <translation>打开时的模型大小 → 按当前计划量化后的大小，以及每权重位数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads the core thread pool uses for jobs (Settings).</source>
        <translation>核心线程池用于任务的线程数（见设置）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory this process holds in RAM (resident set).</source>
        <translation>本进程占用的物理内存（常驻集）。</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Filter tensors (name, role, type)…</source>
        <translation>筛选张量（名称、角色、类型）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only tensors whose name, role, block or type contains this text (Ctrl+F).</source>
        <translation>只显示名称、角色、块或类型包含此文本的张量（Ctrl+F）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Right-click to show or hide columns; click to sort.</source>
        <translation>右键单击可显示或隐藏列；单击可排序。</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model Panel</source>
        <translation>模型面板(&amp;M)</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Distributions</source>
        <translation>分布</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Load Recipe…</source>
        <translation>加载配方…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the plan with a recipe JSON file (the CLI&apos;s schema), resolved on this model (one undo step).</source>
        <translation>用配方 JSON 文件（与命令行相同的格式）替换计划，并在此模型上解析（一步撤销）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Recipe…</source>
        <translation>保存配方…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the plan as a recipe JSON file that quantscope-cli quantize --recipe runs.</source>
        <translation>将计划写为配方 JSON 文件，可由 quantscope-cli quantize --recipe 运行。</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
    <message>
        <location line="-322"/>
        <source>Compare failed: %1</source>
        <translation>比较失败：%1</translation>
    </message>
    <message>
        <location line="+322"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Save Report JSON…</source>
        <translation>保存报告 JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the per-tensor report of the last run as JSON (the CLI&apos;s --report format).</source>
        <translation>将上次运行的逐张量报告写为 JSON（与命令行 --report 格式相同）。</translation>
    </message>
    <message>
        <source>Export GGUF…</source>
        <translation type="vanished">导出 GGUF…</translation>
    </message>
    <message>
        <source>Write the quantized model as a GGUF file (runs as a job).</source>
        <translation type="vanished">将量化后的模型写为 GGUF 文件（作为任务运行）。</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="-302"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a Hugging Face model folder (config.json + safetensors)</source>
        <translation>打开 Hugging Face 模型文件夹（config.json + safetensors）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;GGUF File…</source>
        <translation>打开 GGUF 文件(&amp;G)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a llama.cpp GGUF file</source>
        <translation>打开 llama.cpp 的 GGUF 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Load Recipe…</source>
        <translation>加载配方(&amp;L)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace the plan with a recipe JSON file</source>
        <translation>用配方 JSON 文件替换计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sa&amp;ve Recipe…</source>
        <translation>保存配方(&amp;V)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the plan as a recipe JSON file for quantscope-cli</source>
        <translation>将计划写为供 quantscope-cli 使用的配方 JSON 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Quantize with the current plan and write a GGUF file</source>
        <translation type="vanished">按当前计划量化并写出 GGUF 文件</translation>
    </message>
    <message>
        <location line="+305"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the quantized model as GGUF or a Hugging Face GPTQ/AWQ/float folder (runs as a job).</source>
        <translation>将量化后的模型写为 GGUF 或 Hugging Face GPTQ/AWQ/浮点文件夹（作为任务运行）。</translation>
    </message>
    <message>
        <location line="-304"/>
        <source>Quantize with the current plan and write a GGUF file or a Hugging Face folder</source>
        <translation>按当前计划量化并写出 GGUF 文件或 Hugging Face 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;Report JSON…</source>
        <translation>保存报告 JSON(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Filter Tensors</source>
        <translation>筛选张量(&amp;F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quantize Plan</source>
        <translation>按计划量化(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quantize every tensor as planned and measure its error (runs as a job)</source>
        <translation>按计划量化每个张量并测量其误差（作为任务运行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute All &amp;Statistics</source>
        <translation>计算全部统计量(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Absmax, kurtosis and outlier share of every tensor, for the model panel&apos;s columns (runs as a job)</source>
        <translation>计算每个张量的绝对最大值、峰度和离群值比例，填入模型面板的列（作为任务运行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Evaluate Plan</source>
        <translation>评估计划(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quantize the plan in memory and measure its perplexity and KL divergence against the original (runs as a job)</source>
        <translation>在内存中按计划量化，并测量其相对原模型的困惑度与 KL 散度（作为任务运行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;alibrate</source>
        <translation>校准(&amp;A)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run the model on the calibration text and record every linear layer&apos;s input activations (runs as a job)</source>
        <translation>在校准文本上运行模型并记录每个线性层的输入激活（作为任务运行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare &amp;Methods</source>
        <translation>比较方法(&amp;M)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quantize the chosen layers with each method of the Compare tab and evaluate the model (runs as a job)</source>
        <translation>用“比较”页中的每种方法量化所选层并评估模型（作为任务运行）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel All Jobs</source>
        <translation>取消全部任务(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Example Model</source>
        <translation>打开示例模型(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Quantscope</source>
        <translation>关于 Quantscope(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About Quantscope</source>
        <translation>关于 Quantscope</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantscope %1 — a workbench for post-training quantization of language models.
License: GPL-3.0-or-later.</source>
        <translation>Quantscope %1 —— 语言模型训练后量化的工作台。
许可证：GPL-3.0-or-later。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open Model Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open GGUF File</source>
        <translation>打开 GGUF 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation>GGUF 文件 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot open model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+179"/>
        <source>%1 — Quantscope</source>
        <translation>%1 — Quantscope</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Plan not exportable as GGUF</source>
        <translation>计划无法导出为 GGUF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some tensors are planned with a method and integer grid chosen in Compare, which GGUF types cannot hold. Set a GGUF type for them in the Plan tab first.</source>
        <translation>部分张量使用了在“比较”中选择的方法和整数网格，GGUF 类型无法表示。请先在“计划”页为它们设置 GGUF 类型。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Quantize %1</source>
        <translation>量化 %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrote %1 (%2)</source>
        <translation>已写入 %1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Export %1 (%2)</source>
        <translation>导出 %1（%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Cannot save report</source>
        <translation>无法保存报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+64"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Saved report %1</source>
        <translation>已保存报告 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No report</source>
        <translation>没有报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run Quantize (Ctrl+R) first.</source>
        <translation>请先运行量化（Ctrl+R）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save Report JSON</source>
        <translation>保存报告 JSON</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Language switched.</source>
        <translation>已切换语言。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No translation for %1; the language is unchanged.</source>
        <translation>没有 %1 的翻译；语言未改变。</translation>
    </message>
    <message>
        <source>The new language takes effect when Quantscope starts again.</source>
        <translation type="vanished">新语言将在 Quantscope 重新启动后生效。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Evaluate plan on %1</source>
        <translation>在 %1 上评估计划</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot save recipe</source>
        <translation>无法保存配方</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved recipe %1</source>
        <translation>已保存配方 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recipe %1</source>
        <translation>配方 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot load recipe</source>
        <translation>无法加载配方</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loaded recipe %1</source>
        <translation>已加载配方 %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Settings from the recipe: calibration %1 × %2 tokens, evaluation context %3, %4 chunk(s)</source>
        <translation>采用配方中的设置：校准 %1 × %2 个词元，评估上下文 %3，%4 个块</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Load Recipe</source>
        <translation>加载配方</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recipe JSON (*.json);;All files (*)</source>
        <translation>配方 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save Recipe</source>
        <translation>保存配方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipe JSON (*.json)</source>
        <translation>配方 JSON (*.json)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot export plot</source>
        <translation>无法导出图表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved plot %1</source>
        <translation>已保存图表 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export Plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No model open — File → Open, drop a folder or .gguf here, or Help → Open Example Model</source>
        <translation>未打开模型 —— 使用“文件 → 打开”，将文件夹或 .gguf 拖放到此处，或使用“帮助 → 打开示例模型”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 · %2 · %3 layers · %4 tensors</source>
        <translation>%1 · %2 · %3 层 · %4 个张量</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 → %2 · %3 → %4 bits/weight</source>
        <translation>%1 → %2 · %3 → %4 位/权重</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 in use</source>
        <translation>已用 %1</translation>
    </message>
</context>
<context>
    <name>qs::gui::SensitivityTab</name>
    <message>
        <location filename="../app/gui/sensitivity_tab.cpp" line="+149"/>
        <source>Candidates:</source>
        <translation>候选类型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure every tensor quantized to %1.</source>
        <translation>测量每个张量量化为 %1 后的影响。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RTN</source>
        <translation>RTN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPTQ</source>
        <translation>GPTQ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWQ</source>
        <translation>AWQ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How each tensor is quantized to a candidate: llama.cpp&apos;s round-to-nearest, or GPTQ / AWQ of that matrix alone on the type&apos;s blocks (calibrated on the calibration text).</source>
        <translation>每个张量如何量化为候选类型：llama.cpp 的就近取整，或仅对该矩阵在该类型的块上做 GPTQ / AWQ（用校准文本校准）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>chunks </source>
        <translation>分块 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chunks of the calibration text (of the evaluation context length) the KLD of each candidate is measured on.</source>
        <translation>用于测量每个候选类型 KLD 的校准文本分块数（长度为评估上下文长度）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>samples </source>
        <translation>样本 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calibration windows (of the settings&apos; sequence length) for the relative output error and GPTQ/AWQ.</source>
        <translation>用于相对输出误差和 GPTQ/AWQ 的校准窗口数（长度为设置中的序列长度）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure the open model&apos;s per-tensor sensitivity as a job. Results are cached: measuring again with the same settings only measures what is missing.</source>
        <translation>以作业形式测量当前模型每个张量的敏感度。结果会被缓存：以相同设置再次测量时只测量缺少的部分。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop measuring; what was measured so far stays in the cache.</source>
        <translation>停止测量；已测量的结果保留在缓存中。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load Measurement…</source>
        <translation>载入测量结果…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a measurement JSON written by quantscope-cli sensitivity for this model.</source>
        <translation>打开由 quantscope-cli sensitivity 为此模型生成的测量 JSON。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour shows:</source>
        <translation>颜色表示：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The candidate type whose KLD increase per saved bit (against the largest measured type) colours the map.</source>
        <translation>用其每节省一比特的 KLD 增量（相对已测量的最大类型）为热图着色的候选类型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Budget:</source>
        <translation>预算：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size budget between the smallest and the largest plan the measurement allows; the plan is recomputed as you move it.</source>
        <translation>介于测量结果允许的最小与最大方案之间的大小预算；拖动时方案会重新计算。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply to Plan</source>
        <translation>应用到计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set every quantizable tensor in the Plan tab to the type planned here (one undo step).</source>
        <translation>将计划页中每个可量化张量设为此处规划的类型（一步撤销）。</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Measurement stopped: %1</source>
        <translation>测量已停止：%1</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Open a model first.</source>
        <translation>请先打开模型。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+2"/>
        <source>Cannot load measurement: %1</source>
        <translation>无法载入测量结果：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loaded measurement %1</source>
        <translation>已载入测量结果 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Load Measurement</source>
        <translation>载入测量结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Measurement JSON (*.json);;All files (*)</source>
        <translation>测量 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pick at least one candidate type.</source>
        <translation>请至少选择一种候选类型。</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Measuring %n candidate type(s); calibration text chunks: %1…</source>
        <translation>
            <numerusform>正在测量 %n 种候选类型；校准文本分块数：%1…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sensitivity of %1</source>
        <translation>%1 的敏感度</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>Sensitivity: %n new measurement(s), cached in %1</source>
        <translation>
            <numerusform>敏感度：%n 项新测量，缓存于 %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 tensors, method %2, from %3. Hover a cell for its numbers.</source>
        <translation>%1 个张量，方法 %2，来自 %3。将鼠标悬停在单元格上查看数值。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measure the model, or load a measurement made by quantscope-cli sensitivity.</source>
        <translation>测量模型，或载入由 quantscope-cli sensitivity 生成的测量结果。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No model open.</source>
        <translation>未打开模型。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 (%2 bits/weight) → planned %3, %4 bits/weight, estimated KLD %5</source>
        <translation>%1（%2 比特/权重）→ 规划 %3，%4 比特/权重，估计 KLD %5</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Current budget</source>
        <translation>当前预算</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Planner (estimated)</source>
        <translation>规划器（估计）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>llama.cpp mixtures (estimated)</source>
        <translation>llama.cpp 混合方案（估计）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Estimated KLD against size</source>
        <translation>估计 KLD 与大小</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Autoplan at %1 bits/weight</source>
        <translation>自动规划 %1 比特/权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applied the planned mixture (%1, %2 bits/weight, estimated KLD %3) to the Plan tab.</source>
        <translation>已将规划的混合方案（%1，%2 比特/权重，估计 KLD %3）应用到计划页。</translation>
    </message>
</context>
<context>
    <name>qs::gui::SettingsDialog</name>
    <message>
        <location filename="../app/gui/settings_dialog.cpp" line="+34"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose Text File</source>
        <translation>选择文本文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker threads for quantization, statistics and evaluation; 0 uses one per CPU thread.</source>
        <translation>用于量化、统计和评估的工作线程数；0 表示每个 CPU 线程一个。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>UTF-8 text whose activations guide AWQ, GPTQ and the importance matrix.</source>
        <translation>UTF-8 文本，其激活值用于指导 AWQ、GPTQ 和重要性矩阵。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Number of token windows taken from the calibration text.</source>
        <translation>从校准文本中抽取的词元窗口数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokens per calibration window.</source>
        <translation>每个校准窗口的词元数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples:</source>
        <translation>样本数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>UTF-8 text for perplexity and KL divergence, ideally never seen in training.</source>
        <translation>用于困惑度和 KL 散度的 UTF-8 文本，最好是训练中从未见过的文本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Context length of each evaluation chunk (llama-perplexity&apos;s -c).</source>
        <translation>每个评估块的上下文长度（即 llama-perplexity 的 -c）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chunks to evaluate; 0 evaluates the whole text.</source>
        <translation>要评估的块数；0 表示评估全部文本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>whole text</source>
        <translation>全部文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chunks:</source>
        <translation>块数：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Language of the user interface; the whole window switches at once.</source>
        <translation>用户界面语言；整个窗口立即切换。</translation>
    </message>
    <message>
        <source>Language of the user interface; menus, tabs and the status bar switch at once, the rest of the window when Quantscope starts again.</source>
        <translation type="vanished">用户界面语言；菜单、标签页和状态栏立即切换，窗口其余部分在 Quantscope 重新启动后切换。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dark palette</source>
        <translation>深色配色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A dark window and plots (Fusion style); switches at once.</source>
        <translation>深色窗口和图表（Fusion 风格）；立即切换。</translation>
    </message>
    <message>
        <source>Language of the user interface; takes effect when Quantscope starts again.</source>
        <translation type="vanished">用户界面语言；在 Quantscope 重新启动后生效。</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
</context>
<context>
    <name>qs::gui::renderPlanCurves</name>
    <message>
        <location filename="../app/gui/plan_curve_render.cpp" line="+24"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Planner: mean KLD on the evaluation text</source>
        <translation>规划器：评估文本上的平均 KLD</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planner: estimated KLD (sum of measured increases)</source>
        <translation>规划器：估计 KLD（已测增量之和）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>llama.cpp mixture (same imatrix)</source>
        <translation>llama.cpp 混合方案（相同 imatrix）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planner at the mixture&apos;s size</source>
        <translation>规划器（与混合方案同等大小）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>≤ %1</source>
        <translation>≤ %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: size against mean KLD (%2, %3 chunks of %4)</source>
        <translation>%1：大小与平均 KLD（%2，%3 个长度为 %4 的分块）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>qs::gui::savePlot</name>
    <message>
        <location filename="../app/gui/plot_export.cpp" line="+33"/>
        <source>Unknown plot format &apos;%1&apos;: use .png, .svg or .pdf.</source>
        <translation>未知的图表格式“%1”：请使用 .png、.svg 或 .pdf。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>qs::widgets::ActivationView</name>
    <message>
        <location filename="../widgets/activation_view.cpp" line="+75"/>
        <source>Log counts</source>
        <translation>对数计数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show activation counts and overlay densities on a logarithmic axis: activation outliers live in the tails.</source>
        <translation>以对数坐标显示激活计数和叠加密度：激活离群值位于尾部。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calibrate</source>
        <translation>校准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the model on the calibration text (Settings) and record what every linear layer reads (runs as a job).</source>
        <translation>在校准文本（见设置）上运行模型，记录每个线性层读取的输入（作为任务运行）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input activations of the selected tensor over the calibration windows: value histogram and per-channel absmax.</source>
        <translation>所选张量在校准窗口上的输入激活：数值直方图和逐通道绝对最大值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>activation value</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input channel</source>
        <translation>输入通道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>activation absmax</source>
        <translation>激活绝对最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight histograms of up to four tensors selected together in the model panel (Ctrl+click), as densities.</source>
        <translation>在模型面板中同时选择的最多四个张量（Ctrl+单击）的权重直方图，按密度显示。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Input activations &lt;b&gt;%1&lt;/b&gt;: %2 channels × %3 tokens · mean %4 · σ %5 · absmax %6 · max/median channel absmax %7</source>
        <translation>输入激活 &lt;b&gt;%1&lt;/b&gt;：%2 个通道 × %3 个词元 · 均值 %4 · σ %5 · 绝对最大值 %6 · 通道绝对最大值的最大/中位比 %7</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Select up to four tensors (Ctrl+click) to overlay their weight histograms.</source>
        <translation>选择最多四个张量（Ctrl+单击）以叠加其权重直方图。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Run → Calibrate (Ctrl+Shift+K) to see the selected tensor&apos;s input activations.</source>
        <translation>运行 → 校准（Ctrl+Shift+K）后可查看所选张量的输入激活。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; reads &lt;b&gt;%2&lt;/b&gt;: %3 channels × %4 tokens · mean %5 · σ %6 · absmax %7 · max/median channel absmax %8</source>
        <translation type="vanished">&lt;b&gt;%1&lt;/b&gt; 读取 &lt;b&gt;%2&lt;/b&gt;：%3 个通道 × %4 个词元 · 均值 %5 · σ %6 · 绝对最大值 %7 · 通道绝对最大值的最大/中位比 %8</translation>
    </message>
</context>
<context>
    <name>qs::widgets::CompareChartsView</name>
    <message>
        <location filename="../widgets/compare_charts.cpp" line="+36"/>
        <source>weight error W − Ŵ</source>
        <translation>权重误差 W − Ŵ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How far each method moves the selected layer&apos;s weights from the original: narrower is better.</source>
        <translation>每种方法使所选层的权重偏离原值的程度：越窄越好。</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Select a layer in the table to see each method&apos;s weight error histogram.</source>
        <translation>在表中选择一层以查看每种方法的权重误差直方图。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Whole-model size against perplexity on the evaluation text, one point per method: lower left is better.</source>
        <translation>整个模型的大小与评估文本上的困惑度，每种方法一个点：越靠左下越好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>model size (MiB)</source>
        <translation>模型大小（MiB）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <location line="+80"/>
        <location line="+9"/>
        <source>original</source>
        <translation>原模型</translation>
    </message>
</context>
<context>
    <name>qs::widgets::CompareLayerModel</name>
    <message>
        <location filename="../widgets/compare_models.cpp" line="+71"/>
        <source>The quantized layer, as named in the model file.</source>
        <translation>被量化的层，名称与模型文件中一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Relative output error ‖X(W − Ŵ)ᵀ‖² / ‖XWᵀ‖² on the layer&apos;s calibration inputs; the lowest per layer is bold.</source>
        <translation>该层在校准输入上的相对输出误差 ‖X(W − Ŵ)ᵀ‖² / ‖XWᵀ‖²；每层最低者为粗体。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean squared difference between the original and the quantized weights.</source>
        <translation>原始权重与量化权重之间的均方差。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 rel. error</source>
        <translation>%1 相对误差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 weight MSE</source>
        <translation>%1 权重 MSE</translation>
    </message>
</context>
<context>
    <name>qs::widgets::CompareSummaryModel</name>
    <message>
        <location line="+33"/>
        <source>original</source>
        <translation>原模型</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PPL</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PPL ratio</source>
        <translation>困惑度比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KLD mean</source>
        <translation>KLD 均值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KLD p99</source>
        <translation>KLD p99</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top-1 agree</source>
        <translation>Top-1 一致率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bpw</source>
        <translation>bpw</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantize s</source>
        <translation>量化秒数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The quantization method, or the original model.</source>
        <translation>量化方法，或原模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The grid every compared layer was quantized to (method:bits:granularity).</source>
        <translation>每个被比较层所量化到的网格（方法:位数:粒度）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Perplexity on the evaluation text: lower is better.</source>
        <translation>评估文本上的困惑度：越低越好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Perplexity of the quantized model divided by the original&apos;s.</source>
        <translation>量化模型的困惑度除以原模型的困惑度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean KL divergence of the quantized model&apos;s next-token distribution from the original&apos;s.</source>
        <translation>量化模型的下一词元分布相对原模型的平均 KL 散度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>99th percentile of the per-token KL divergence: the worst positions.</source>
        <translation>逐词元 KL 散度的第 99 百分位：最差的位置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of positions where the quantized and the original model predict the same top token.</source>
        <translation>量化模型与原模型预测相同首选词元的位置比例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole model with the compared layers stored on the method&apos;s grid.</source>
        <translation>整个模型的大小，其中被比较的层按该方法的网格存储。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bits per weight over the compared layers, scales and zero points included.</source>
        <translation>被比较层的每权重位数，包括缩放因子和零点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds the method took to quantize the layers (calibration included).</source>
        <translation>该方法量化这些层所用的秒数（含校准）。</translation>
    </message>
</context>
<context>
    <name>qs::widgets::CompareView</name>
    <message>
        <location filename="../widgets/compare_view.cpp" line="+139"/>
        <source>Methods:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round to nearest: each weight to the closest grid point, no calibration.</source>
        <translation>就近取整：每个权重取最近的网格点，无需校准。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activation-aware scaling of input channels before rounding (uses calibration text).</source>
        <translation>取整前按激活缩放输入通道（使用校准文本）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Column-by-column rounding that compensates the error with the inputs&apos; Hessian (uses calibration text).</source>
        <translation>逐列取整，并用输入的 Hessian 补偿误差（使用校准文本）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Half-quadratic optimisation of scales and zero points, no calibration.</source>
        <translation>半二次优化缩放因子和零点，无需校准。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bits </source>
        <translation>位数 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bits per weight code on the integer grid.</source>
        <translation>整数网格上每个权重编码的位数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>group </source>
        <translation>分组 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>per channel</source>
        <translation>按通道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input columns sharing one scale; 0 for one scale per output channel.</source>
        <translation>共享一个缩放因子的输入列数；0 表示每个输出通道一个缩放因子。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tensors (regex, empty: all linears)</source>
        <translation>张量（正则表达式，留空：全部线性层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare only the decoder linears whose name matches this regular expression, e.g. layers\.0\.</source>
        <translation>只比较名称匹配此正则表达式的解码器线性层，例如 layers\.0\.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantize the layers with each method and evaluate the whole model (runs as a job; calibration and evaluation text from Settings).</source>
        <translation>用每种方法量化这些层并评估整个模型（作为任务运行；校准和评估文本来自设置）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relative output error of each layer, one bar per method: lower is better.</source>
        <translation>每层的相对输出误差，每种方法一根柱：越低越好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rel. output error</source>
        <translation>相对输出误差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The method to plan for the selected layers.</source>
        <translation>为所选层计划使用的方法。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use for Selected Layers</source>
        <translation>用于所选层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan the chosen method on its grid for the layers selected in the table (one undo step).</source>
        <translation>为表中所选的层计划所选方法及其网格（一步撤销）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use Best per Layer</source>
        <translation>每层使用最佳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan, for every compared layer, the method with the lowest relative output error (one undo step).</source>
        <translation>为每个被比较的层计划相对输出误差最低的方法（一步撤销）。</translation>
    </message>
    <message numerus="yes">
        <location line="+115"/>
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n 个层</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qs::widgets::DistributionView</name>
    <message>
        <location filename="../widgets/distribution_view.cpp" line="+122"/>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>output row</source>
        <translation>输出行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>row absmax</source>
        <translation>行绝对最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input channel</source>
        <translation>输入通道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>channel absmax</source>
        <translation>通道绝对最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>beyond the outlier threshold</source>
        <translation>超出离群阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log counts</source>
        <translation>对数计数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show histogram counts on a logarithmic axis, which makes the sparse tails visible.</source>
        <translation>以对数坐标显示直方图计数，使稀疏的尾部清晰可见。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset Zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit every plot to its data again after zooming or panning.</source>
        <translation>缩放或平移后，让每个图重新适应其数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Plot…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the three plots as PNG, SVG or PDF.</source>
        <translation>将三个图表保存为 PNG、SVG 或 PDF。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Absmax</source>
        <translation>绝对最大值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outliers</source>
        <translation>离群值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input column of the weight matrix (the activation channel it multiplies).</source>
        <translation>权重矩阵的输入列（与之相乘的激活通道）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest absolute weight in this input channel.</source>
        <translation>该输入通道中绝对值最大的权重。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights in this channel beyond the outlier threshold.</source>
        <translation>该通道中超出离群阈值的权重数量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top outlier channels</source>
        <translation>离群程度最高的通道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input channels with the largest absmax; they are marked in red in the channel plot.</source>
        <translation>绝对最大值最大的输入通道；它们在通道图中以红色标出。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a tensor in the model panel to see its distribution.</source>
        <translation>在模型面板中选择一个张量以查看其分布。</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>&lt;b&gt;%1&lt;/b&gt; [%2 × %3] · mean %4 · σ %5 · absmax %6 · kurtosis %7 · outliers (|x − mean| &gt; %8σ): %9 (%10 %)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; [%2 × %3] · 均值 %4 · σ %5 · 绝对最大值 %6 · 峰度 %7 · 离群值（|x − 均值| &gt; %8σ）：%9（%10 %）</translation>
    </message>
</context>
<context>
    <name>qs::widgets::HistogramOverlayPlot</name>
    <message>
        <location filename="../widgets/histogram_overlay.cpp" line="+44"/>
        <location line="+48"/>
        <source>density</source>
        <translation>密度</translation>
    </message>
</context>
<context>
    <name>qs::widgets::JobsModel</name>
    <message>
        <location filename="../widgets/jobs_model.cpp" line="+15"/>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Time left while running (from progress so far); time taken once finished.</source>
        <translation>运行时为剩余时间（根据目前进度估算）；结束后为所用时间。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA / time</source>
        <translation>剩余 / 用时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>qs::widgets::PlanCurveView</name>
    <message>
        <location filename="../widgets/plan_curve_view.cpp" line="+36"/>
        <source>Bits per weight</source>
        <translation>每权重比特数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean KLD</source>
        <translation>平均 KLD</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Current budget</source>
        <translation>当前预算</translation>
    </message>
</context>
<context>
    <name>qs::widgets::PlanEditor</name>
    <message>
        <location filename="../widgets/plan_editor.cpp" line="+127"/>
        <source>llama.cpp&apos;s named mixtures (the types llama-quantize chooses per tensor) or one type for every weight.</source>
        <translation>llama.cpp 的命名混合方案（llama-quantize 为每个张量选择的类型），或所有权重使用同一类型。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mixture %1</source>
        <translation>混合方案 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All weights %1</source>
        <translation>全部权重 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply Preset</source>
        <translation>应用预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the whole plan with the chosen preset (undoable).</source>
        <translation>用所选预设替换整个计划（可撤销）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Any role</source>
        <translation>任意角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select tensors of this role only.</source>
        <translation>只选择该角色的张量。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First decoder block of the range (any: from the first).</source>
        <translation>范围内的第一个解码器块（任意：从第一个开始）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last decoder block of the range (any: to the last).</source>
        <translation>范围内的最后一个解码器块（任意：到最后一个为止）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select every tensor of the chosen role within the block range.</source>
        <translation>选择块范围内所选角色的每个张量。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GGUF block type, or a float type to keep the tensor unquantized.</source>
        <translation>GGUF 块类型，或选择浮点类型以保持张量不量化。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set Target</source>
        <translation>设置目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the selected tensors the chosen type (norms keep theirs).</source>
        <translation>将所选类型赋予选中的张量（归一化层保持原类型）。</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Undo: %1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo: %1</source>
        <translation>重做：%1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Blocks:</source>
        <translation>块：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Size of the model as opened, and after quantizing with this plan; bits per weight over all parameters.</source>
        <translation>打开时的模型大小及按此计划量化后的大小；每权重位数按全部参数计算。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No model open.</source>
        <translation>未打开模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Now %1 (%2 bpw) → planned %3 (%4 bpw), %5 %</source>
        <translation>当前 %1（%2 bpw）→ 计划 %3（%4 bpw），%5 %</translation>
    </message>
</context>
<context>
    <name>qs::widgets::PlanModel</name>
    <message numerus="yes">
        <location filename="../widgets/plan_model.cpp" line="+63"/>
        <source>Set %n tensor(s) to %1</source>
        <translation>
            <numerusform>将 %n 个张量设为 %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Preset %1</source>
        <translation>预设 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All weights to %1</source>
        <translation>全部权重设为 %1</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Norms and other non-matrix tensors are not quantized; they keep this type.</source>
        <translation>归一化层和其他非矩阵张量不量化；它们保持此类型。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The storage type in the opened file.</source>
        <translation>打开的文件中的存储类型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The storage type this tensor will be quantized to; double-click to change it.</source>
        <translation>该张量将被量化成的存储类型；双击可更改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bits per weight of the target type, including block scales.</source>
        <translation>目标类型的每权重位数，包括块缩放因子。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes the tensor will occupy after quantization.</source>
        <translation>量化后该张量将占用的字节数。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bpw</source>
        <translation>bpw</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned size</source>
        <translation>计划大小</translation>
    </message>
</context>
<context>
    <name>qs::widgets::ResultsModel</name>
    <message>
        <location filename="../widgets/results_model.cpp" line="+35"/>
        <source>Not evaluated yet: Run → Evaluate Plan (Ctrl+Shift+E).</source>
        <translation>尚未评估：运行 → 评估计划 (Ctrl+Shift+E)。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Plan: PPL %1 ± %2 (original %3, ratio %4) · KLD mean %5, p99 %6 · top-1 agreement %7 % · %n chunk(s)</source>
        <translation>
            <numerusform>计划：困惑度 %1 ± %2（原模型 %3，比值 %4）· KLD 均值 %5，p99 %6 · Top-1 一致率 %7 % · %n 个分块</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No results yet: set a plan and run Quantize (Ctrl+R).</source>
        <translation>尚无结果：请设置计划并运行量化（Ctrl+R）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 tensors · %2 → %3 (%4 %) · %5 bits/weight · %6 s on %7 threads</source>
        <translation>%1 个张量 · %2 → %3（%4 %）· %5 位/权重 · %6 秒，%7 个线程</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bpw</source>
        <translation>bpw</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMSE</source>
        <translation>均方根误差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQNR (dB)</source>
        <translation>信噪比 SQNR (dB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cosine</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rel. Frobenius</source>
        <translation>相对 Frobenius 误差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max |error|</source>
        <translation>最大 |误差|</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The tensor&apos;s GGUF name (hover a row for its source name).</source>
        <translation>张量的 GGUF 名称（将鼠标悬停在行上可查看源名称）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The type written, after any row-length fallback.</source>
        <translation>实际写入的类型（已考虑行长度回退）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bits per weight of the written tensor, including block scales.</source>
        <translation>写入张量的每权重位数，包括块缩放因子。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes the tensor occupies in the quantized file.</source>
        <translation>该张量在量化文件中占用的字节数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Root mean square of the weight error W − Ŵ.</source>
        <translation>权重误差 W − Ŵ 的均方根。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signal-to-quantization-noise ratio 10·log10(ΣW² / Σ(W − Ŵ)²); higher is better.</source>
        <translation>信号与量化噪声之比 10·log10(ΣW² / Σ(W − Ŵ)²)；越高越好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cosine similarity between the original and the dequantized weights; 1 is perfect.</source>
        <translation>原始权重与反量化权重之间的余弦相似度；1 表示完全一致。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relative Frobenius error ‖W − Ŵ‖ / ‖W‖; lower is better.</source>
        <translation>相对 Frobenius 误差 ‖W − Ŵ‖ / ‖W‖；越低越好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest absolute difference between an original and a dequantized weight.</source>
        <translation>原始权重与反量化权重之间的最大绝对差。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fallbacks and other remarks from the exporter.</source>
        <translation>导出器给出的回退说明和其他备注。</translation>
    </message>
</context>
<context>
    <name>qs::widgets::ResultsView</name>
    <message>
        <location filename="../widgets/results_view.cpp" line="+75"/>
        <source>Relative Frobenius error of each quantized tensor, largest first: the most sensitive tensors are on the left.</source>
        <translation>每个量化张量的相对 Frobenius 误差，从大到小排列：最敏感的张量在左侧。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rel. Frobenius error (%)</source>
        <translation>相对 Frobenius 误差 (%)</translation>
    </message>
    <message numerus="yes">
        <location line="+52"/>
        <source>%n tensor(s), largest error first (hover a bar for its name)</source>
        <translation>
            <numerusform>%n 个张量，误差从大到小（将鼠标悬停在柱上可查看名称）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qs::widgets::SensitivityHeatmap</name>
    <message>
        <location filename="../widgets/sensitivity_heatmap.cpp" line="+190"/>
        <source>KLD increase per saved bit</source>
        <translation>每节省一比特的 KLD 增量</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 instead of %3: KLD %4 (vs %5), saves %6&lt;br&gt;%7 KLD per saved bit</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;用 %2 代替 %3：KLD %4（对比 %5），节省 %6&lt;br&gt;每节省一比特 KLD 增加 %7</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;br&gt;relative output error %1</source>
        <translation>&lt;br&gt;相对输出误差 %1</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Block (–: token_embd, output)</source>
        <translation>块（–：token_embd、output）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>KLD increase per saved bit, %1 instead of %2</source>
        <translation>每节省一比特的 KLD 增量，用 %1 代替 %2</translation>
    </message>
</context>
<context>
    <name>qs::widgets::TensorTableModel</name>
    <message>
        <location filename="../widgets/tensor_table_model.cpp" line="+127"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absmax</source>
        <translation>绝对最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kurtosis</source>
        <translation>峰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outliers</source>
        <translation>离群值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned</source>
        <translation>计划类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned bpw</source>
        <translation>计划 bpw</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>误差</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The tensor&apos;s name as stored in its file.</source>
        <translation>张量在其文件中存储的名称。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the tensor does in the network (attention query, MLP down projection, norm, …).</source>
        <translation>张量在网络中的作用（注意力查询、MLP 下投影、归一化等）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The decoder layer the tensor belongs to; – for tensors outside the layers.</source>
        <translation>张量所属的解码器层；层外的张量显示为 –。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dimensions in PyTorch order: [output rows, input columns] for matrices.</source>
        <translation>按 PyTorch 顺序的维度：矩阵为 [输出行, 输入列]。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The storage type of the tensor in the opened file.</source>
        <translation>张量在打开的文件中的存储类型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of weights in the tensor.</source>
        <translation>张量中的权重数量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes the tensor occupies in the opened file.</source>
        <translation>张量在打开的文件中占用的字节数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest absolute weight value; a large absmax stretches the quantization grid.</source>
        <translation>最大的权重绝对值；绝对最大值越大，量化网格被拉伸得越宽。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excess kurtosis of the weights: 0 for a normal distribution, large when heavy tails make outliers.</source>
        <translation>权重的超额峰度：正态分布为 0，重尾产生离群值时数值较大。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of weights farther than 6 standard deviations from the mean.</source>
        <translation>偏离均值超过 6 个标准差的权重所占比例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The storage type the current plan gives this tensor.</source>
        <translation>当前计划为该张量指定的存储类型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bits per weight of the planned type, including block scales.</source>
        <translation>计划类型的每权重位数，包括块缩放因子。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relative Frobenius error ‖W − Ŵ‖ / ‖W‖ of the last quantization run.</source>
        <translation>上次量化运行的相对 Frobenius 误差 ‖W − Ŵ‖ / ‖W‖。</translation>
    </message>
</context>
</TS>
