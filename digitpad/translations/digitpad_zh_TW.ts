<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>Activity</name>
    <message>
        <source>working</source>
        <translation>處理</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>儲存</translation>
    </message>
    <message>
        <source>loading the model</source>
        <translation>載入模型</translation>
    </message>
    <message>
        <source>reading the model</source>
        <translation>讀取模型</translation>
    </message>
    <message>
        <source>recognizing the drawing</source>
        <translation>辨識手寫數字</translation>
    </message>
    <message>
        <source>training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>fine-tuning</source>
        <translation>微調</translation>
    </message>
    <message>
        <source>evaluating on the test set</source>
        <translation>在測試集上評估</translation>
    </message>
</context>
<context>
    <name>BackgroundJob</name>
    <message>
        <source>Loading MNIST…</source>
        <translation>正在載入 MNIST…</translation>
    </message>
    <message>
        <source>Preparing augmented digits…</source>
        <translation>正在準備資料擴增的數字…</translation>
    </message>
    <message>
        <source>Training on {count} images…</source>
        <translation>正在以 {count} 張圖片訓練…</translation>
    </message>
    <message>
        <source>Saving the model…</source>
        <translation>正在儲存模型…</translation>
    </message>
    <message>
        <source>Reading the model in use…</source>
        <translation>正在讀取使用中的模型…</translation>
    </message>
    <message>
        <source>Reading your samples…</source>
        <translation>正在讀取你的樣本…</translation>
    </message>
    <message>
        <source>There are no samples yet: draw a digit and press its key on the pad to keep it as an example, then fine-tune.</source>
        <translation>還沒有任何樣本：先畫一個數字，在畫板上按下對應的數字鍵把它留作樣本，再進行微調。</translation>
    </message>
    <message>
        <source>Checking the model, then fine-tuning on {count} samples…</source>
        <translation>正在檢查模型，接著以 {count} 個樣本微調…</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <source>Drawing pad</source>
        <translation>畫板</translation>
    </message>
    <message>
        <source>Draw a digit with the mouse, a touchpad or a pen. Esc clears, Ctrl+Z takes back the last stroke or the clear. Press 0–9 to keep the drawing as an example of that digit.</source>
        <translation>用滑鼠、觸控板或觸控筆畫一個數字。Esc 清除，Ctrl+Z 復原最後一筆或清除。按 0–9 把這張手寫留作該數字的樣本。</translation>
    </message>
    <message>
        <source>Draw one digit with the mouse, a touchpad or a pen; the prediction follows as you draw. Esc clears, Ctrl+Z takes back the last stroke or the clear, 0–9 keeps the drawing as an example of that digit.</source>
        <translation>用滑鼠、觸控板或觸控筆畫一個數字；預測會隨著筆畫即時更新。Esc 清除，Ctrl+Z 復原最後一筆或清除，0–9 把這張手寫留作該數字的樣本。</translation>
    </message>
    <message>
        <source>The pad is blank.</source>
        <translation>畫板是空白的。</translation>
    </message>
    <message>
        <source>Something is drawn.</source>
        <translation>畫板上有筆畫。</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>在這裡畫一個數字</translation>
    </message>
</context>
<context>
    <name>Classroom</name>
    <message>
        <source>Zoom {percent}</source>
        <translation>縮放 {percent}</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source>Copied the view to the clipboard.</source>
        <translation>已把畫面複製到剪貼簿。</translation>
    </message>
</context>
<context>
    <name>CodeEdit</name>
    <message>
        <source>The text was not pasted: {lines} lines and {chars} characters are far more than a network&apos;s code, which takes at most {max_lines} lines and {max_chars} characters.</source>
        <translation>沒有貼上這段文字：{lines} 行、{chars} 個字元遠超過一個網路的程式碼，程式碼最多 {max_lines} 行、{max_chars} 個字元。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrix</name>
    <message>
        <source>predicted digit →</source>
        <translation>預測的數字 →</translation>
    </message>
    <message>
        <source>true ↓</source>
        <translation>實際 ↓</translation>
    </message>
</context>
<context>
    <name>DataSourceBox</name>
    <message>
        <source>MNIST data</source>
        <translation>MNIST 資料</translation>
    </message>
    <message>
        <source>Keras cache (downloaded once, about 11 MB)</source>
        <translation>Keras 快取（下載一次，約 11 MB）</translation>
    </message>
    <message>
        <source>Local folder (IDX files) or mnist.npz:</source>
        <translation>本機資料夾（IDX 檔）或 mnist.npz：</translation>
    </message>
    <message>
        <source>a folder with train-images-idx3-ubyte… or a mnist.npz</source>
        <translation>含有 train-images-idx3-ubyte… 的資料夾，或 mnist.npz</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>資料夾…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>檔案…</translation>
    </message>
    <message>
        <source>Folder with the MNIST IDX files</source>
        <translation>含有 MNIST IDX 檔的資料夾</translation>
    </message>
    <message>
        <source>MNIST file</source>
        <translation>MNIST 檔案</translation>
    </message>
    <message>
        <source>MNIST (*.npz);;All files (*)</source>
        <translation>MNIST (*.npz);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>DensePage</name>
    <message>
        <source>&amp;Neuron:</source>
        <translation>神經元(&amp;N)：</translation>
    </message>
    <message>
        <source>M&amp;ost active</source>
        <translation>最活躍(&amp;O)</translation>
    </message>
    <message numerus="yes">
        <source>The layer&apos;s %n neuron(s) · colour {scale} · click one</source>
        <translation>
            <numerusform>這一層的 %n 個神經元 · 顏色 {scale} · 點一個來看</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the other %Ln</source>
        <translation>
            <numerusform>其餘 %Ln 個</numerusform>
        </translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>總和</translation>
    </message>
    <message>
        <source>input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>權重</translation>
    </message>
    <message>
        <source>product</source>
        <translation>乘積</translation>
    </message>
    <message>
        <source>from map pixel</source>
        <translation>來自特徵圖像素</translation>
    </message>
    <message numerus="yes">
        <source>Neuron {unit}: the %n largest product(s) of its inputs</source>
        <translation>
            <numerusform>第 {unit} 個神經元：輸入乘積中最大的 %n 個</numerusform>
        </translation>
    </message>
    <message>
        <source>ReLU: max({sum}, 0) = &lt;b&gt;{value}&lt;/b&gt;, the neuron&apos;s output</source>
        <translation>ReLU：max({sum}, 0) = &lt;b&gt;{value}&lt;/b&gt;，就是神經元的輸出</translation>
    </message>
    <message>
        <source>no activation: &lt;b&gt;{value}&lt;/b&gt;, the neuron&apos;s output</source>
        <translation>沒有啟動函數：&lt;b&gt;{value}&lt;/b&gt;，就是神經元的輸出</translation>
    </message>
</context>
<context>
    <name>DropoutPage</name>
    <message>
        <source>Sample a&amp;nother mask</source>
        <translation>再抽一個遮罩(&amp;N)</translation>
    </message>
    <message>
        <source>M&amp;ap:</source>
        <translation>特徵圖(&amp;A)：</translation>
    </message>
    <message>
        <source>Both pictures share one colour scale, {scale}.</source>
        <translation>兩張圖用同一個顏色刻度：{scale}。</translation>
    </message>
    <message>
        <source>When predicting: the output is the input</source>
        <translation>預測時：輸出就是輸入</translation>
    </message>
    <message>
        <source>One training step: mask sampled at {share} (seed {seed}), the rest × {scale}</source>
        <translation>訓練的一步：按 {share} 抽樣的遮罩（種子 {seed}），其餘 × {scale}</translation>
    </message>
    <message>
        <source>This mask drops {dropped:,} of {total:,} values.</source>
        <translation>這個遮罩丟棄了 {total:,} 個值中的 {dropped:,} 個。</translation>
    </message>
    <message>
        <source>When predicting: output = input, nothing dropped ✓</source>
        <translation>預測時：輸出 = 輸入，沒有丟棄任何值 ✓</translation>
    </message>
    <message>
        <source>When predicting: output differs from input</source>
        <translation>預測時：輸出與輸入不同</translation>
    </message>
</context>
<context>
    <name>EvaluateDialog</name>
    <message>
        <source>Evaluate on the MNIST test set</source>
        <translation>在 MNIST 測試集上評估</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>評估</translation>
    </message>
    <message>
        <source>%v / %m images</source>
        <translation>%v / %m 張圖片</translation>
    </message>
    <message>
        <source>Rows: the true digit; columns: the network&apos;s answer. Green: right, red: mistakes; the stronger the colour, the more images. Click a cell to see them.</source>
        <translation>列：實際的數字；欄：神經網路的答案。綠色：答對，紅色：答錯；顏色越濃，圖片越多。點選一格可看這些圖片。</translation>
    </message>
    <message>
        <source>All mistakes</source>
        <translation>所有錯誤</translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation>最有把握的在前</translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation>最沒把握的在前</translation>
    </message>
    <message>
        <source>Click an image to put it on the pad.</source>
        <translation>點選一張圖片，把它放到畫板上。</translation>
    </message>
    <message>
        <source>the Keras cache (downloaded once if missing)</source>
        <translation>Keras 快取（缺少時下載一次）</translation>
    </message>
    <message>
        <source>Test images from {where} (the source chosen in Model ▸ Train model…).</source>
        <translation>測試圖片來自 {where}（在「模型 ▸ 訓練模型…」中選的來源）。</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>尚未載入模型。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失敗。</translation>
    </message>
    <message>
        <source>Could not evaluate the model</source>
        <translation>無法評估模型</translation>
    </message>
    <message>
        <source>Evaluated {count} test images.</source>
        <translation>已評估 {count} 張測試圖片。</translation>
    </message>
    <message>
        <source>Accuracy {percent} · {wrong} of {total} wrong · loss {loss}</source>
        <translation>準確率 {percent} · {total} 張中錯 {wrong} 張 · 損失 {loss}</translation>
    </message>
    <message>
        <source>True {true}, predicted {predicted}</source>
        <translation>實際 {true}，預測 {predicted}</translation>
    </message>
    <message>
        <source> (correct: no mistakes here)</source>
        <translation>（答對：這裡沒有錯誤）</translation>
    </message>
    <message>
        <source>{what}: {count}</source>
        <translation>{what}：{count}</translation>
    </message>
    <message>
        <source>, first {shown} shown</source>
        <translation>，顯示前 {shown} 張</translation>
    </message>
</context>
<context>
    <name>EvaluationJob</name>
    <message>
        <source>Loading the MNIST test images…</source>
        <translation>正在載入 MNIST 測試圖片…</translation>
    </message>
    <message>
        <source>Evaluating {count} test images…</source>
        <translation>正在評估 {count} 張測試圖片…</translation>
    </message>
</context>
<context>
    <name>ExperimentBanner</name>
    <message>
        <source>moved {move}</source>
        <translation>已移動：{move}</translation>
    </message>
    <message>
        <source>off: {maps}</source>
        <translation>已關掉：{maps}</translation>
    </message>
    <message>
        <source>kernel {map} of {layer} edited</source>
        <translation>{layer} 的第 {map} 個卷積核已修改</translation>
    </message>
    <message>
        <source>Trying:</source>
        <translation>試驗中：</translation>
    </message>
    <message>
        <source>Put everything &amp;back</source>
        <translation>全部還原(&amp;B)</translation>
    </message>
    <message>
        <source>The digit where framing put it, every map on, the model&apos;s own kernels</source>
        <translation>數字回到框好的位置，所有特徵圖打開，卷積核回到模型自己的</translation>
    </message>
</context>
<context>
    <name>FeatureGrid</name>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n 個神經元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n map(s) of {height}×{width}</source>
        <translation>
            <numerusform>%n 張 {height}×{width} 的特徵圖</numerusform>
        </translation>
    </message>
    <message>
        <source>colour scale {scale}</source>
        <translation>色階 {scale}</translation>
    </message>
    <message>
        <source>number {index} picked</source>
        <translation>已選第 {index} 個</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>請畫一個數字</translation>
    </message>
</context>
<context>
    <name>FinetuneDialog</name>
    <message>
        <source>Fine-tune on my samples</source>
        <translation>用我的樣本微調</translation>
    </message>
    <message>
        <source>Continues training the model in use on your samples, mixed with MNIST so it does not forget it. A quarter of each digit&apos;s samples is held out to show whether it now reads your handwriting better. The result is saved as a new model; the current one stays available (Model ▸ Load model…).</source>
        <translation>以你的樣本繼續訓練目前的模型，並混入 MNIST，讓它不會忘記 MNIST。每個數字預留四分之一的樣本不參與訓練，用來檢查它是否更能讀懂你的筆跡。結果存成新的模型；目前的模型仍可使用（模型 ▸ 載入模型…）。</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>訓練週期數：</translation>
    </message>
    <message>
        <source>Fine-tuning: {percent}</source>
        <translation>微調中：{percent}</translation>
    </message>
    <message>
        <source>Press Fine-tune to start.</source>
        <translation>按「微調」開始。</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微調</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Hide this dialog; a running fine-tuning continues</source>
        <translation>隱藏這個對話框；進行中的微調會繼續</translation>
    </message>
    <message>
        <source>Your samples are being counted…</source>
        <translation>正在計算你的樣本…</translation>
    </message>
    <message>
        <source>You have no samples yet: draw a digit and press its key on the pad.</source>
        <translation>你還沒有樣本：畫一個數字，並在畫板上按下它的數字鍵。</translation>
    </message>
    <message>
        <source>{total} samples ({per_digit}).</source>
        <translation>{total} 個樣本（{per_digit}）。</translation>
    </message>
    <message>
        <source>No model is loaded yet: wait for it, or load one.</source>
        <translation>尚未載入模型：請稍候，或載入一個模型。</translation>
    </message>
    <message>
        <source>Fine-tuning is running: train when it has finished.</source>
        <translation>微調正在進行：請等微調結束後再訓練。</translation>
    </message>
    <message>
        <source>Stopping the fine-tuning before closing…</source>
        <translation>關閉前正在停止微調…</translation>
    </message>
    <message>
        <source>Fine-tuning: epoch {epoch} of {epochs}</source>
        <translation>微調中：第 {epoch} / {epochs} 個訓練週期</translation>
    </message>
    <message>
        <source>Batch {step} of {steps}</source>
        <translation>第 {step} / {steps} 個批次</translation>
    </message>
    <message>
        <source>MNIST test accuracy: {before} → {after}</source>
        <translation>MNIST 測試準確率：{before} → {after}</translation>
    </message>
    <message>
        <source> ({change} points)</source>
        <translation>（{change} 個百分點）</translation>
    </message>
    <message numerus="yes">
        <source>Only %n of your samples held out (fewer than {least} per digit): too few to tell whether it reads your handwriting better.</source>
        <translation>
            <numerusform>只預留了 %n 個樣本（每個數字不到 {least} 個）：太少了，無法看出它是否更能讀懂你的筆跡。</numerusform>
        </translation>
    </message>
    <message>
        <source>Your {count} held-out samples: {before} → {after}</source>
        <translation>你的 {count} 個預留驗證樣本：{before} → {after}</translation>
    </message>
    <message>
        <source>No samples were held out (too few per digit) to check yours.</source>
        <translation>每個數字的樣本太少，沒有預留驗證樣本來檢查你的筆跡。</translation>
    </message>
    <message>
        <source>Saved as {name} and now in use.</source>
        <translation>已存為 {name}，並已開始使用。</translation>
    </message>
    <message>
        <source>Done: the fine-tuned model is in use.</source>
        <translation>完成：正在使用微調後的模型。</translation>
    </message>
    <message>
        <source>Fine-tuning done: MNIST {accuracy}; the new model is in use.</source>
        <translation>微調完成：MNIST {accuracy}；正在使用新的模型。</translation>
    </message>
    <message>
        <source>Cancelled. The model in use has not changed.</source>
        <translation>已取消。目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>Fine-tuning cancelled; the model in use has not changed.</source>
        <translation>微調已取消；目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>Fine-tuning failed. The model in use has not changed.</source>
        <translation>微調失敗。目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>The previous model, {name}, stays available (Model ▸ Load model…).</source>
        <translation>先前的模型 {name} 仍可使用（模型 ▸ 載入模型…）。</translation>
    </message>
    <message>
        <source>Fine-tuning failed; the model in use has not changed.</source>
        <translation>微調失敗；目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>Fine-tuning failed</source>
        <translation>微調失敗</translation>
    </message>
</context>
<context>
    <name>FlattenPage</name>
    <message>
        <source>&amp;Row:</source>
        <translation>列(&amp;R)：</translation>
    </message>
    <message>
        <source>C&amp;olumn:</source>
        <translation>欄(&amp;O)：</translation>
    </message>
    <message>
        <source>Cha&amp;nnel:</source>
        <translation>通道(&amp;N)：</translation>
    </message>
    <message>
        <source>Map {channel} of {count} · colour {scale}</source>
        <translation>第 {channel} 張特徵圖，共 {count} 張 · 顏色 {scale}</translation>
    </message>
    <message>
        <source>Pixel (row {row}, column {col}, channel {channel}) → position (({row} − 1) × {w} + {col} − 1) × {c} + {channel} = &lt;b&gt;{index:,}&lt;/b&gt; of {size:,}</source>
        <translation>像素（第 {row} 列，第 {col} 欄，通道 {channel}）→ 第 (({row} − 1) × {w} + {col} − 1) × {c} + {channel} = &lt;b&gt;{index:,}&lt;/b&gt; 個位置，共 {size:,} 個</translation>
    </message>
    <message>
        <source>position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>(row, column, channel)</source>
        <translation>（列, 欄, 通道）</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>The flattened row around it: neighbours are the other channels of the same pixel.</source>
        <translation>攤平後它附近的值：相鄰的是同一個像素的其他通道。</translation>
    </message>
</context>
<context>
    <name>InputPage</name>
    <message numerus="yes">
        <source>784 pixel values from 0 (blank paper: shown black, its 0 left out) to 1 (full ink); %n pixel(s) have ink.</source>
        <translation>
            <numerusform>784 個像素值，從 0（空白：顯示為黑色，不寫出 0）到 1（全黑的筆跡）；有筆跡的像素共 %n 個。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InsideDock</name>
    <message>
        <source>Switch map {map} off (its output becomes 0)</source>
        <translation>關掉第 {map} 張特徵圖（輸出變成 0）</translation>
    </message>
    <message>
        <source>Inside the network</source>
        <translation>神經網路內部</translation>
    </message>
    <message>
        <source>Drag to move the 28×28 the network sees (arrow keys: one pixel; Home: back); click to enlarge</source>
        <translation>拖曳可移動網路看到的 28×28（方向鍵：一次一個像素；Home：回原位）；點一下放大</translation>
    </message>
    <message>
        <source>Click a map</source>
        <translation>點選一張特徵圖</translation>
    </message>
    <message>
        <source>Enlarged map</source>
        <translation>放大的特徵圖</translation>
    </message>
    <message>
        <source>Click a map to enlarge it.</source>
        <translation>點選一張特徵圖可放大它。</translation>
    </message>
    <message>
        <source>input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>which pixels decided it</source>
        <translation>哪些像素決定了結果</translation>
    </message>
    <message>
        <source>first-convolution kernel</source>
        <translation>第一個卷積層的卷積核</translation>
    </message>
    <message>
        <source>neuron {index} of {count}</source>
        <translation>第 {index} / {count} 個神經元</translation>
    </message>
    <message>
        <source>map {index} of {count}</source>
        <translation>第 {index} / {count} 張特徵圖</translation>
    </message>
    <message>
        <source>values {range}</source>
        <translation>數值 {range}</translation>
    </message>
    <message>
        <source>colour scale {scale}</source>
        <translation>色階 {scale}</translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>將在這個批次結束後停止…</translation>
    </message>
    <message>
        <source>Learning what digits look like, to tell a digit from a scribble… {percent}</source>
        <translation>正在學習數字的樣子，好分辨數字和塗鴉……{percent}</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}: the test set is checked.</source>
        <translation>第 {epoch} / {epochs} 個訓練週期：測試集已檢查完畢。</translation>
    </message>
    <message>
        <source>Epoch {epoch}: checking the test set… {percent}</source>
        <translation>第 {epoch} 個訓練週期：正在檢查測試集… {percent}</translation>
    </message>
    <message>
        <source> · ETA {time}</source>
        <translation> · 預計剩餘 {time}</translation>
    </message>
</context>
<context>
    <name>KernelEditor</name>
    <message>
        <source>Refused: a weight or bias is a number from −{limit} to {limit}.</source>
        <translation>不接受：權重或偏差必須是 −{limit} 到 {limit} 之間的數字。</translation>
    </message>
    <message>
        <source>&amp;Bias:</source>
        <translation>偏差(&amp;B)：</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>Weight in row {row}, column {col}</source>
        <translation>第 {row} 列、第 {col} 欄的權重</translation>
    </message>
    <message>
        <source>{name}: a number from −{limit} to {limit}</source>
        <translation>{name}：−{limit} 到 {limit} 之間的數字</translation>
    </message>
</context>
<context>
    <name>KernelPage</name>
    <message>
        <source>The model&apos;s kernel {map} (bias {bias})</source>
        <translation>模型的第 {map} 個卷積核（偏差 {bias}）</translation>
    </message>
    <message>
        <source>Kernel {map}, yours to edit</source>
        <translation>第 {map} 個卷積核，由你修改</translation>
    </message>
    <message>
        <source>Kernel {map}, edited</source>
        <translation>第 {map} 個卷積核，已修改</translation>
    </message>
    <message>
        <source>Map {map} with the model&apos;s kernel · colour {scale}</source>
        <translation>用模型的卷積核得到的第 {map} 張特徵圖 · 顏色 {scale}</translation>
    </message>
    <message>
        <source>Map {map} with this kernel · the same colours</source>
        <translation>用這個卷積核得到的第 {map} 張特徵圖 · 顏色相同</translation>
    </message>
    <message>
        <source>The network now reads {digit} ({percent}).</source>
        <translation>網路現在判為 {digit}（{percent}）。</translation>
    </message>
    <message>
        <source>Every kernel is the model&apos;s own.</source>
        <translation>每個卷積核都是模型自己的。</translation>
    </message>
    <message>
        <source>With the model&apos;s own kernels: {digit} ({percent}).</source>
        <translation>用模型自己的卷積核時：{digit}（{percent}）。</translation>
    </message>
    <message>
        <source>&amp;Kernel:</source>
        <translation>卷積核(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>還原(&amp;R)</translation>
    </message>
    <message>
        <source>Put the model&apos;s own kernel back</source>
        <translation>換回模型自己的卷積核</translation>
    </message>
    <message>
        <source>Reset every kernel</source>
        <translation>還原所有卷積核</translation>
    </message>
    <message>
        <source>Classic kernels:</source>
        <translation>經典卷積核：</translation>
    </message>
    <message>
        <source>A kernel edited here changes only what the window reads: the model file is never written.</source>
        <translation>在這裡修改卷積核只會改變視窗的判讀：模型檔不會被寫入。</translation>
    </message>
</context>
<context>
    <name>LayerGrids</name>
    <message numerus="yes">
        <source>{kind}: %n map(s) of {height}×{width}</source>
        <translation>
            <numerusform>{kind}：%n 張 {height}×{width} 的特徵圖</numerusform>
        </translation>
    </message>
    <message>
        <source>output (softmax): 10 neurons, digits 0 to 9 left to right</source>
        <translation>輸出層（softmax）：10 個神經元，由左到右是數字 0 到 9</translation>
    </message>
    <message numerus="yes">
        <source>output (softmax): %n neuron(s)</source>
        <translation>
            <numerusform>輸出層（softmax）：%n 個神經元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{kind}: %n neuron(s)</source>
        <translation>
            <numerusform>{kind}：%n 個神經元</numerusform>
        </translation>
    </message>
    <message>
        <source>Input: 28×28 (what the network sees)</source>
        <translation>輸入：28×28（神經網路看到的影像）</translation>
    </message>
    <message>
        <source>{title} · colour {scale}</source>
        <translation>{title} · 色階 {scale}</translation>
    </message>
    <message>
        <source>First convolution&apos;s learned kernels</source>
        <translation>第一個卷積層學到的卷積核</translation>
    </message>
    <message numerus="yes">
        <source>First convolution&apos;s %n learned {height}×{width} kernel(s) · colour {scale} (blue negative, white 0, red positive)</source>
        <translation>
            <numerusform>第一個卷積層學到的 %n 個 {height}×{width} 卷積核 · 色階 {scale}（藍色為負、白色為 0、紅色為正）</numerusform>
        </translation>
    </message>
    <message>
        <source>Hover over a pixel to see how it is computed; click to enlarge</source>
        <translation>游標移到像素上可看它的計算方式；點選可放大</translation>
    </message>
    <message>
        <source>Click to enlarge</source>
        <translation>點選可放大</translation>
    </message>
    <message>
        <source>{layer} · {description}</source>
        <translation>{layer} · {description}</translation>
    </message>
    <message>
        <source>{layer} · {description} · colour {scale}</source>
        <translation>{layer} · {description} · 色階 {scale}</translation>
    </message>
    <message>
        <source>{layer}: {description}</source>
        <translation>{layer}：{description}</translation>
    </message>
    <message>
        <source>Which pixels decided it</source>
        <translation>哪些像素決定了結果</translation>
    </message>
    <message>
        <source>{title}: each pixel&apos;s share of the logit of {first} (predicted), of {second} (runner-up), and of {first} rather than {second} · colour {scale} (blue against, white 0, red for)</source>
        <translation>{title}：每個像素對 {first}（預測）、{second}（第二名）以及「是 {first} 而不是 {second}」的 logit 的貢獻 · 顏色 {scale}（藍色反對、白色 0、紅色支持）</translation>
    </message>
    <message>
        <source>The network reads the drawing as {digit} (confidence {percent}).</source>
        <translation>神經網路把這張手寫判讀為 {digit}（信心 {percent}）。</translation>
    </message>
    <message>
        <source>Not a digit, to the network: the nearest is {digit} ({percent}).</source>
        <translation>在神經網路看來這不是數字：最接近的是 {digit}（{percent}）。</translation>
    </message>
</context>
<context>
    <name>LearningView</name>
    <message>
        <source>First convolution&apos;s kernels</source>
        <translation>第一個卷積層的卷積核</translation>
    </message>
    <message>
        <source>The first convolution&apos;s kernels</source>
        <translation>第一個卷積層的卷積核</translation>
    </message>
    <message numerus="yes">
        <source>The first convolution&apos;s %n kernel(s), as they are now · colour {scale} (blue negative, white 0, red positive)</source>
        <translation>
            <numerusform>第一個卷積層此刻的 %n 個卷積核 · 色階 {scale}（藍色為負、白色為 0、紅色為正）</numerusform>
        </translation>
    </message>
    <message>
        <source>Draw a digit on the pad: its probability appears here as it learns.</source>
        <translation>在畫板上畫一個數字：網路學習時，它的機率會畫在這裡。</translation>
    </message>
    <message>
        <source>Your drawing read as {digit}: its probability against batches seen, now {percent}</source>
        <translation>你畫的數字被讀成 {digit}：它的機率隨已看過的批次變化，目前 {percent}</translation>
    </message>
</context>
<context>
    <name>LessonDock</name>
    <message>
        <source>Which pixels decided it</source>
        <translation>哪些像素決定了結果</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>參數數量</translation>
    </message>
    <message>
        <source>Try it: move the digit</source>
        <translation>試試看：移動數字</translation>
    </message>
    <message>
        <source>Try it: edit a kernel</source>
        <translation>試試看：修改卷積核</translation>
    </message>
    <message>
        <source>Try it: switch feature maps off</source>
        <translation>試試看：關掉特徵圖</translation>
    </message>
    <message>
        <source>The course says a CNN recognizes a shape wherever it is (位移不變性). Try it: move the 28×28 the network sees, pixel by pixel, and watch each layer.</source>
        <translation>課程說 CNN 不論形狀在哪裡都認得出來（位移不變性）。試試看：一個像素一個像素地移動網路看到的 28×28，看看每一層的變化。</translation>
    </message>
    <message>
        <source>Each kernel picks out a feature of the image. Type a kernel&apos;s weights, or pick a classic one, and see its feature map and everything after it change.</source>
        <translation>每個卷積核都從影像過濾擷取出一種特徵。輸入卷積核的權重，或選一個經典卷積核，看看它的特徵圖和之後的每一層怎麼變。</translation>
    </message>
    <message>
        <source>Every later step, the bars and which pixels decided it follow the maps you switch off: their outputs become 0.</source>
        <translation>之後的每一步、長條圖和「哪些像素決定了結果」都會跟著你關掉的特徵圖改變：它們的輸出變成 0。</translation>
    </message>
    <message>
        <source>Walk through the network</source>
        <translation>逐層走過網路</translation>
    </message>
    <message>
        <source>◀ P&amp;revious</source>
        <translation>◀ 上一步(&amp;R)</translation>
    </message>
    <message>
        <source>Nex&amp;t ▶</source>
        <translation>下一步(&amp;T) ▶</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步驟</translation>
    </message>
    <message>
        <source>Draw a digit on the pad: the walk-through follows your drawing, layer by layer.</source>
        <translation>在畫板上寫一個數字：逐層說明會跟著你的筆跡一層一層計算。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pen width in percent of the pad&apos;s width: a digit drawn on a large pad looks the same to the network as one drawn on a small pad</source>
        <translation>筆寬，以畫板寬度的百分比計：在大畫板上寫的數字，在網路看來和在小畫板上寫的一樣</translation>
    </message>
    <message>
        <source>&amp;Pen width:</source>
        <translation>筆寬(&amp;P)：</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <source>Take back the last stroke, or the clear (Ctrl+Z)</source>
        <translation>復原最後一筆，或復原清除（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Erase the pad (Esc); Undo brings it back</source>
        <translation>清空畫板（Esc）；按「復原」可找回</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation>無法載入模型</translation>
    </message>
</context>
<context>
    <name>MapsOffPage</name>
    <message numerus="yes">
        <source>{layer}: %n feature map(s)</source>
        <translation>
            <numerusform>{layer}：%n 張特徵圖</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n off</source>
        <translation>
            <numerusform>已關掉 %n 張</numerusform>
        </translation>
    </message>
    <message>
        <source>colour {scale}</source>
        <translation>顏色 {scale}</translation>
    </message>
    <message>
        <source>Click a map to switch it off (crossed out: its output is 0); again to switch it back on.</source>
        <translation>點一張特徵圖就把它關掉（打叉：輸出為 0）；再點一次就打開。</translation>
    </message>
    <message>
        <source>Feature maps of {layer}</source>
        <translation>{layer} 的特徵圖</translation>
    </message>
    <message>
        <source>Which maps matter for this drawing</source>
        <translation>對這張畫來說哪些特徵圖重要</translation>
    </message>
    <message numerus="yes">
        <source>Switch off the %n of {layer} that matter most</source>
        <translation>
            <numerusform>關掉 {layer} 中最重要的 %n 張</numerusform>
        </translation>
    </message>
    <message>
        <source>{layer}: ranking its maps…</source>
        <translation>{layer}：正在排序它的特徵圖…</translation>
    </message>
    <message>
        <source>map off</source>
        <translation>關掉的特徵圖</translation>
    </message>
    <message>
        <source>probability of {digit}</source>
        <translation>{digit} 的機率</translation>
    </message>
    <message>
        <source>log-odds</source>
        <translation>對數勝算</translation>
    </message>
    <message>
        <source>now reads</source>
        <translation>現在判為</translation>
    </message>
    <message>
        <source>All maps on</source>
        <translation>全部打開</translation>
    </message>
    <message>
        <source>Switch every map of {layer} back on</source>
        <translation>把 {layer} 的特徵圖全部打開</translation>
    </message>
</context>
<context>
    <name>MistakeGrid</name>
    <message>
        <source>No mistakes to show</source>
        <translation>沒有錯誤可顯示</translation>
    </message>
</context>
<context>
    <name>ModelInUse</name>
    <message>
        <source>no model</source>
        <translation>沒有模型</translation>
    </message>
    <message>
        <source>{name} (bundled)</source>
        <translation>{name}（內建）</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在載入 {name}…</translation>
    </message>
    <message>
        <source>Loading {name}… (still using {current})</source>
        <translation>正在載入 {name}…（仍在使用 {current}）</translation>
    </message>
    <message>
        <source>No model loaded: use Model ▸ Load model… or Model ▸ Train model…</source>
        <translation>尚未載入模型：請使用「模型 ▸ 載入模型…」或「模型 ▸ 訓練模型…」</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source> · test accuracy {percent}</source>
        <translation>· 測試準確率 {percent}</translation>
    </message>
    <message>
        <source>computed by Keras: it has a kind of layer digitpad does not compute itself</source>
        <translation>由 Keras 計算：它含有 digitpad 自己不計算的層類型</translation>
    </message>
    <message>
        <source>its digit statistics come from a newer digitpad: judged by the top bar</source>
        <translation>它的數字統計資料來自較新版的 digitpad：以最高的長條判斷</translation>
    </message>
    <message>
        <source>its digit statistics belong to another network: judged by the top bar</source>
        <translation>它的數字統計資料屬於另一個網路：以最高的長條判斷</translation>
    </message>
    <message>
        <source>its digit statistics are damaged: judged by the top bar</source>
        <translation>它的數字統計資料已損壞：以最高的長條判斷</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Load a model</source>
        <translation>載入模型</translation>
    </message>
    <message>
        <source>Your models and the bundled one. Double-click a model to use it; select it and press Rename (or F2) to give it a name.</source>
        <translation>你的模型與內建模型。連按兩下模型即可使用；選取後按「重新命名」（或 F2）可以幫它取名字。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>測試集準確率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>訓練週期數</translation>
    </message>
    <message>
        <source>Trained</source>
        <translation>訓練時間</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重新命名</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>刪除…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>瀏覽…</translation>
    </message>
    <message>
        <source>Keras models (*.keras *.h5 *.hdf5);;All files (*)</source>
        <translation>Keras 模型 (*.keras *.h5 *.hdf5);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>{name} (bundled)</source>
        <translation>{name}（內建）</translation>
    </message>
    <message>
        <source>{name} (record unreadable)</source>
        <translation>{name}（紀錄無法讀取）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>The model in use</source>
        <translation>目前使用的模型</translation>
    </message>
    <message>
        <source>The model in use cannot be deleted; use another one first.</source>
        <translation>目前使用的模型不能刪除；請先改用另一個模型。</translation>
    </message>
    <message>
        <source>Could not rename the model</source>
        <translation>無法重新命名模型</translation>
    </message>
    <message>
        <source>Delete the model?</source>
        <translation>要刪除模型嗎？</translation>
    </message>
    <message>
        <source>Delete {name} ({file})? The file is removed; this cannot be undone.</source>
        <translation>要刪除 {name}（{file}）嗎？檔案會被移除，而且無法復原。</translation>
    </message>
    <message>
        <source>Use any .keras model file, or a .h5 file saved by Keras 2 or 3</source>
        <translation>使用任何 .keras 模型檔，或 Keras 2、3 存成的 .h5 檔</translation>
    </message>
    <message>
        <source>Could not delete the model</source>
        <translation>無法刪除模型</translation>
    </message>
</context>
<context>
    <name>Moments</name>
    <message>
        <source>training time: step 0, the model training started from</source>
        <translation>訓練時間：第 0 步，開始訓練時的模型</translation>
    </message>
    <message>
        <source>training time: step 0, the untrained network</source>
        <translation>訓練時間：第 0 步，尚未訓練的網路</translation>
    </message>
    <message>
        <source>training time: step {step}, the trained model ({where})</source>
        <translation>訓練時間：第 {step} 步，訓練好的模型（{where}）</translation>
    </message>
    <message>
        <source>training time: step {step} ({where})</source>
        <translation>訓練時間：第 {step} 步（{where}）</translation>
    </message>
    <message>
        <source>the end of epoch {epoch}</source>
        <translation>第 {epoch} 個訓練週期結束</translation>
    </message>
    <message>
        <source>epoch {epoch}, batch {batch} of {batches}</source>
        <translation>第 {epoch} 個訓練週期，第 {batch} / {batches} 批次</translation>
    </message>
    <message>
        <source>learning: the model it starts from, before its first batch</source>
        <translation>學習中：開始時的模型，第一個批次之前</translation>
    </message>
    <message>
        <source>learning: the untrained network, before its first batch</source>
        <translation>學習中：尚未訓練的網路，第一個批次之前</translation>
    </message>
    <message>
        <source>learning: epoch {epoch}, batch {batch} of {batches}</source>
        <translation>學習中：第 {epoch} 個訓練週期，第 {batch} / {batches} 批次</translation>
    </message>
</context>
<context>
    <name>MovePage</name>
    <message>
        <source>{layer} · map {map} · colour {scale}</source>
        <translation>{layer} · 第 {map} 張特徵圖 · 顏色 {scale}</translation>
    </message>
    <message>
        <source>The 28×28 the network sees, where framing put it: drag it or use the arrows</source>
        <translation>網路看到的 28×28，在框好的位置：可以拖曳或用方向鍵移動</translation>
    </message>
    <message>
        <source>The 28×28 the network sees, moved {move}: drag it or use the arrows</source>
        <translation>網路看到的 28×28，已移動 {move}：可以拖曳或用方向鍵移動</translation>
    </message>
    <message>
        <source>Comparing with where framing put it…</source>
        <translation>正在和框好的位置比較…</translation>
    </message>
    <message>
        <source>Map of {layer}:</source>
        <translation>{layer} 的特徵圖：</translation>
    </message>
    <message>
        <source>&amp;Back where framing put it</source>
        <translation>回到框好的位置(&amp;B)</translation>
    </message>
    <message>
        <source>Undo the move (Home on the 28×28)</source>
        <translation>取消移動（在 28×28 上按 Home）</translation>
    </message>
    <message>
        <source>One pixel left</source>
        <translation>往左一個像素</translation>
    </message>
    <message>
        <source>One pixel right</source>
        <translation>往右一個像素</translation>
    </message>
    <message>
        <source>One pixel up</source>
        <translation>往上一個像素</translation>
    </message>
    <message>
        <source>One pixel down</source>
        <translation>往下一個像素</translation>
    </message>
    <message>
        <source>The moved 28×28: arrow keys move it</source>
        <translation>移動過的 28×28：用方向鍵移動它</translation>
    </message>
</context>
<context>
    <name>NetworkEditor</name>
    <message>
        <source>The course&apos;s network</source>
        <translation>課程的網路</translation>
    </message>
    <message>
        <source>The slide&apos;s Dropout(0.3)</source>
        <translation>投影片上的 Dropout(0.3)</translation>
    </message>
    <message>
        <source>No pooling</source>
        <translation>沒有池化層</translation>
    </message>
    <message>
        <source>16 filters in the first convolution</source>
        <translation>第一個卷積層改用 16 個卷積核</translation>
    </message>
    <message>
        <source>One convolution</source>
        <translation>只有一個卷積層</translation>
    </message>
    <message>
        <source>Dense only (no convolution)</source>
        <translation>只有全連接層（沒有卷積）</translation>
    </message>
    <message>
        <source>The old Keras example: 12 epochs</source>
        <translation>舊版 Keras 範例：12 個訓練週期</translation>
    </message>
    <message>
        <source>Network (the course&apos;s Keras code; edit it to change the network)</source>
        <translation>網路（課程的 Keras 程式碼；修改它就能改變網路）</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>預設組合(&amp;P)：</translation>
    </message>
    <message>
        <source>Your own code</source>
        <translation>你自己的程式碼</translation>
    </message>
    <message>
        <source>Networks to compare with the course&apos;s</source>
        <translation>可以拿來和課程網路比較的網路</translation>
    </message>
    <message>
        <source>Network code</source>
        <translation>網路程式碼</translation>
    </message>
    <message>
        <source>Only the course&apos;s kind of lines: num_classes, input_shape, model = Sequential() and model.add(...). The code is read, never run.</source>
        <translation>只接受課程裡那種程式碼：num_classes、input_shape、model = Sequential() 和 model.add(...)。程式碼只會被讀取，絕不執行。</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Layer (type)</source>
        <translation>層（類型）</translation>
    </message>
    <message>
        <source>Output Shape</source>
        <translation>輸出形狀</translation>
    </message>
    <message>
        <source>Param #</source>
        <translation>參數數量</translation>
    </message>
    <message>
        <source>Layers of the network in the code</source>
        <translation>程式碼裡網路的各層</translation>
    </message>
    <message>
        <source>Total params: {count} (trainable {trainable})</source>
        <translation>參數總數：{count}（可訓練 {trainable}）</translation>
    </message>
    <message>
        <source>The network can be trained.</source>
        <translation>這個網路可以訓練。</translation>
    </message>
</context>
<context>
    <name>NetworkInput</name>
    <message>
        <source>The 28×28 image the network saw: your drawing framed the way MNIST is</source>
        <translation>神經網路看到的 28×28 影像：你的手寫以 MNIST 的方式置中縮放</translation>
    </message>
    <message>
        <source>Network input</source>
        <translation>神經網路的輸入</translation>
    </message>
    <message>
        <source>The 28×28 image the network saw: empty, nothing is drawn.</source>
        <translation>神經網路看到的 28×28 影像：空白，還沒有畫任何東西。</translation>
    </message>
    <message>
        <source>The 28×28 image the network saw: the drawing cropped, scaled to fit 20×20 and centred the way MNIST digits are, light ink on black.</source>
        <translation>神經網路看到的 28×28 影像：手寫經過裁切、縮放到 20×20 以內，再像 MNIST 數字一樣置中，黑底白字。</translation>
    </message>
</context>
<context>
    <name>NormalizationPage</name>
    <message>
        <source>Channel {channel}, the value at {index}:</source>
        <translation>通道 {channel}，位置 {index} 的值：</translation>
    </message>
</context>
<context>
    <name>ParametersPage</name>
    <message>
        <source>Total</source>
        <translation>總計</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>how it is counted</source>
        <translation>計算方式</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>without weight sharing</source>
        <translation>沒有權值共享時</translation>
    </message>
</context>
<context>
    <name>PixelArithmetic</name>
    <message>
        <source>Hover over a pixel of a first-convolution map to see how it is computed.</source>
        <translation>把游標移到第一個卷積層特徵圖的像素上，看它是怎麼算出來的。</translation>
    </message>
    <message>
        <source>First convolution, map {channel} of {maps}, pixel (row {row}, column {col})</source>
        <translation>第一個卷積層，第 {channel} / {maps} 張特徵圖，像素（第 {row} 列，第 {col} 欄）</translation>
    </message>
    <message>
        <source>The {height}×{width} input patch at rows {first_row}–{last_row}, columns {first_column}–{last_column} (outlined on the input), times the kernel, element by element:</source>
        <translation>第 {first_row}–{last_row} 列、第 {first_column}–{last_column} 欄的 {height}×{width} 輸入區塊（在輸入圖上框出），逐元素乘上卷積核：</translation>
    </message>
    <message>
        <source>sum of products {sum} + bias {bias} = {total}</source>
        <translation>乘積總和 {sum} + 偏差 {bias} = {total}</translation>
    </message>
    <message>
        <source>ReLU: max({total}, 0) = {value} (the map&apos;s pixel, outlined)</source>
        <translation>ReLU：max({total}, 0) = {value}（特徵圖上框出的像素）</translation>
    </message>
    <message>
        <source>input patch</source>
        <translation>輸入區塊</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷積核</translation>
    </message>
    <message>
        <source>products</source>
        <translation>乘積</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <source>Prediction</source>
        <translation>預測</translation>
    </message>
    <message>
        <source>What the network sees (28×28)</source>
        <translation>神經網路看到的輸入（28×28）</translation>
    </message>
    <message>
        <source>No usable digit statistics: judged by the top bar</source>
        <translation>模型沒有可用的數字統計資料：以最高的長條判斷</translation>
    </message>
    <message>
        <source>This model file carries no usable statistics of what digits look like inside the network (models trained by digitpad do; the status bar says when a file&apos;s are damaged or another network&apos;s). Whether a drawing is a digit is judged by its largest probability alone, and the confidence is that probability, not calibrated.</source>
        <translation>這個模型檔沒有可用的統計資料記錄數字在網路內部的樣子（digitpad 訓練的模型都有；檔案裡的統計資料損壞或屬於另一個網路時，狀態列會說明）。圖是不是數字只依最大的機率判斷，信心就是那個機率，沒有經過校準。</translation>
    </message>
    <message>
        <source>Not a digit?</source>
        <translation>不是數字？</translation>
    </message>
    <message>
        <source>The digit with the tallest bar, and its bar</source>
        <translation>長條最高的數字，以及它的長條高度</translation>
    </message>
    <message>
        <source>The digit the network finds most likely</source>
        <translation>神經網路認為最有可能的數字</translation>
    </message>
    <message>
        <source>The network&apos;s layers (the maps its filters draw, the layer that feeds its output) do not respond to this drawing the way they respond to handwritten digits. A softmax always names some digit; this is the nearest one, not an answer.</source>
        <translation>網路的各層（卷積核畫出的特徵圖、接到輸出層的那一層）對這張圖的反應不像對手寫數字的反應。softmax 一定會說出某個數字；這只是最接近的那個，不是答案。</translation>
    </message>
    <message>
        <source>Your own examples per digit. Wrong prediction? Press the right digit key on the pad (or click its column above) to keep the drawing as an example of it.</source>
        <translation>你為每個數字保留的樣本。預測錯了嗎？在畫板上按下正確的數字鍵（或點選上方對應的長條），就會把這張手寫留作該數字的樣本。</translation>
    </message>
    <message>
        <source>The network reads {digit}, {confidence}.</source>
        <translation>網路判讀為 {digit}，{confidence}。</translation>
    </message>
    <message>
        <source>confidence {percent}</source>
        <translation>信心 {percent}</translation>
    </message>
    <message>
        <source>= its softmax bar</source>
        <translation>＝ 它的 softmax 長條</translation>
    </message>
    <message>
        <source>softmax bar {percent}</source>
        <translation>softmax 長條 {percent}</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>把握度</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>請畫一個數字</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>The pad is blank: draw a digit.</source>
        <translation>畫板是空白的：請畫一個數字。</translation>
    </message>
    <message>
        <source>nearest digit {digit}</source>
        <translation>最接近的數字 {digit}</translation>
    </message>
    <message>
        <source>No digit gets a tall enough bar for this to be read as a digit. A softmax always names some digit; this is the nearest one, not an answer.</source>
        <translation>沒有任何數字的長條夠高，不能判讀為數字。softmax 一定會說出某個數字；這只是最接近的那個，不是答案。</translation>
    </message>
    <message>
        <source>The probability the network gives this digit (its bar) at this moment of its training.</source>
        <translation>網路在訓練的這個時刻給這個數字的機率（它的長條）。</translation>
    </message>
    <message>
        <source>0 (black)</source>
        <translation>0（黑）</translation>
    </message>
    <message>
        <source>1 (white)</source>
        <translation>1（白）</translation>
    </message>
    <message>
        <source>Nothing is drawn on the pad.</source>
        <translation>畫板上還沒有畫任何東西。</translation>
    </message>
    <message>
        <source>This does not look like a digit to the network; the nearest digit is {digit} (softmax {percent}).</source>
        <translation>在網路看來這不像數字；最接近的數字是 {digit}（softmax {percent}）。</translation>
    </message>
    <message>
        <source>The probability the network gives this digit: its softmax bar in the chart. This model has no calibration, so it is not the chance that the reading is right.</source>
        <translation>網路給這個數字的機率：就是圖表中它的 softmax 長條。這個模型沒有校準，所以它不是判讀正確的機率。</translation>
    </message>
    <message>
        <source>Confidence: the chance that {digit} is the right reading. Of the drawings shown with a confidence of {ninety}, about nine in ten are read right. It is calibrated on digits the network did not train on, from the softmax bar of {digit} (the chart&apos;s {bar}), so the two can differ.</source>
        <translation>信心：判讀為 {digit} 是正確的機率。信心顯示 {ninety} 的圖，大約十張有九張判讀正確。它是從 {digit} 的 softmax 長條（圖表上的 {bar}）用網路沒訓練過的數字校準而來，所以兩者可能不同。</translation>
    </message>
    <message>
        <source>The network&apos;s layers respond to this drawing less like a digit than they do to most digits, so the confidence is shown at {cap} at most.</source>
        <translation>網路的各層對這張圖的反應不如對大多數數字那麼像數字，所以信心最多只顯示 {cap}。</translation>
    </message>
    <message>
        <source>No reading is certain: it is never shown above {cap}.</source>
        <translation>沒有哪個判讀是確定的：信心最多只顯示 {cap}。</translation>
    </message>
    <message>
        <source>My samples: counting…</source>
        <translation>我的樣本：計算中…</translation>
    </message>
    <message>
        <source>My samples ({total}):  {per_digit}</source>
        <translation>我的樣本（{total}）：  {per_digit}</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <source>Click a digit&apos;s column to keep the drawing as an example of that digit</source>
        <translation>點選某個數字的長條，把這張手寫留作該數字的樣本</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>機率</translation>
    </message>
    <message>
        <source>Softmax output: probability of each digit</source>
        <translation>Softmax 輸出：每個數字的機率</translation>
    </message>
    <message>
        <source>Probabilities of the digits</source>
        <translation>各數字的機率</translation>
    </message>
    <message>
        <source>Nothing drawn yet: no probabilities.</source>
        <translation>還沒有畫任何東西：沒有機率。</translation>
    </message>
    <message>
        <source>Most likely {digit} ({percent})</source>
        <translation>最有可能是 {digit}（{percent}）</translation>
    </message>
    <message>
        <source>{digit}: {percent}</source>
        <translation>{digit}：{percent}</translation>
    </message>
    <message>
        <source>the other digits below {percent}</source>
        <translation>其他數字都低於 {percent}</translation>
    </message>
    <message>
        <source>; </source>
        <comment>separates the digits in the chart&apos;s description</comment>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>ProbabilityLine</name>
    <message>
        <source>batches seen</source>
        <translation>已看過的批次</translation>
    </message>
</context>
<context>
    <name>RunCurves</name>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>準確率（%）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>訓練週期</translation>
    </message>
    <message>
        <source>{title} of the ticked runs against epochs, one colour per run: training per batch (a thin line), validation after each epoch (dots).</source>
        <translation>勾選的訓練紀錄的{title}隨訓練週期的變化，每筆紀錄一種顏色：訓練時每個批次（細線），每個訓練週期結束後的驗證（圓點）。</translation>
    </message>
</context>
<context>
    <name>RunReplay</name>
    <message>
        <source>Training &amp;time (on the drawing on the pad)</source>
        <translation>訓練時間（畫板上的數字）(&amp;T)</translation>
    </message>
    <message>
        <source>Training time of the selected run</source>
        <translation>所選訓練的訓練時間</translation>
    </message>
    <message>
        <source>Select a run to replay its training on your drawing.</source>
        <translation>選一次訓練，用你畫的數字重播它的訓練過程。</translation>
    </message>
    <message>
        <source>Reading the run&apos;s snapshots…</source>
        <translation>正在讀取這次訓練的快照…</translation>
    </message>
    <message>
        <source>This run keeps no snapshots of its training (it was trained before digitpad kept them): train again to replay it.</source>
        <translation>這次訓練沒有保存快照（它是在 digitpad 開始保存快照之前訓練的）：再訓練一次就能重播。</translation>
    </message>
    <message>
        <source>draw a digit on the pad to see how each snapshot reads it</source>
        <translation>在畫板上畫一個數字，看看每個快照怎麼讀它</translation>
    </message>
    <message>
        <source>reads your drawing as {digit} ({percent})</source>
        <translation>把你畫的數字讀成 {digit}（{percent}）</translation>
    </message>
</context>
<context>
    <name>RunsDialog</name>
    <message>
        <source>Runs</source>
        <translation>訓練紀錄</translation>
    </message>
    <message>
        <source>&amp;Curves</source>
        <translation>曲線(&amp;C)</translation>
    </message>
    <message>
        <source>Training t&amp;ime</source>
        <translation>訓練時間(&amp;I)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>顯示</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>參數數量</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>訓練週期數</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒數</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>測試集準確率</translation>
    </message>
    <message>
        <source>One row per run: tick it to show its curves; its name (double-click to rename), parameters, epochs, seconds of training and test accuracy.</source>
        <translation>每筆訓練紀錄一列：勾選就會顯示它的曲線；名稱（按兩下可改名）、參數數量、訓練週期數、訓練秒數和測試集準確率。</translation>
    </message>
    <message>
        <source>The selected run&apos;s network code</source>
        <translation>選取的訓練紀錄的網路程式碼</translation>
    </message>
    <message>
        <source>No runs yet: train a network (Model ▸ Train model…) and every run appears here.</source>
        <translation>還沒有任何訓練紀錄：訓練一個網路（模型 ▸ 訓練模型…），每次訓練都會出現在這裡。</translation>
    </message>
    <message>
        <source>&amp;Use on the pad</source>
        <translation>用在手寫板上(&amp;U)</translation>
    </message>
    <message>
        <source>Load the selected run&apos;s model: the pad, inside view and summary follow it</source>
        <translation>載入選取的訓練紀錄的模型：手寫板、網路內部和層摘要都會跟著改用它</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>改名(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>刪除(&amp;D)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Show the curves of {name}</source>
        <translation>顯示「{name}」的曲線</translation>
    </message>
    <message>
        <source>Select a run to see its network and settings.</source>
        <translation>選取一筆訓練紀錄，就能看到它的網路和設定。</translation>
    </message>
    <message>
        <source>{name}: batch size {batch}, learning rate {rate}, {epochs}</source>
        <translation>{name}：批次大小 {batch}，學習率 {rate}，{epochs}</translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n 個訓練週期</numerusform>
        </translation>
    </message>
    <message>
        <source>no code recorded (a fine-tuned model)</source>
        <translation>沒有記錄程式碼（微調過的模型）</translation>
    </message>
    <message>
        <source>{name} (record unreadable)</source>
        <translation>{name}（紀錄無法讀取）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Delete a run</source>
        <translation>刪除訓練紀錄</translation>
    </message>
    <message>
        <source>{name} is the model on the pad; use another model before deleting it.</source>
        <translation>「{name}」是手寫板正在使用的模型；請先改用別的模型再刪除它。</translation>
    </message>
    <message>
        <source>Delete the run {name} and its model file {file}?</source>
        <translation>要刪除訓練紀錄「{name}」和它的模型檔案 {file} 嗎？</translation>
    </message>
</context>
<context>
    <name>SaliencyPage</name>
    <message>
        <source>{digit} (predicted)</source>
        <translation>{digit}（預測）</translation>
    </message>
    <message>
        <source>{digit} (runner-up)</source>
        <translation>{digit}（第二名）</translation>
    </message>
    <message>
        <source>{first} rather than {second}</source>
        <translation>是 {first} 而不是 {second}</translation>
    </message>
    <message>
        <source>logit</source>
        <translation>logit</translation>
    </message>
    <message>
        <source>log-probability</source>
        <translation>對數機率</translation>
    </message>
    <message>
        <source>Colour: each pixel&apos;s share of the {kind}, {scale} (blue against, white 0, red for; the few beyond are at full colour)</source>
        <translation>顏色：每個像素對 {kind} 的貢獻，{scale}（藍色反對、白色 0、紅色支持；超出範圍的少數像素以最深的顏色顯示）</translation>
    </message>
    <message>
        <source>{first} − {second}</source>
        <translation>{first} − {second}</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>數字</translation>
    </message>
    <message>
        <source>pixels&apos; shares added</source>
        <translation>像素貢獻的總和</translation>
    </message>
    <message>
        <source>The rest of each {kind} comes from the biases. p&lt;sub&gt;{first}&lt;/sub&gt; / p&lt;sub&gt;{second}&lt;/sub&gt; = e&lt;sup&gt;{gap}&lt;/sup&gt; = {ratio}</source>
        <translation>每個 {kind} 剩下的部分來自偏差。p&lt;sub&gt;{first}&lt;/sub&gt; / p&lt;sub&gt;{second}&lt;/sub&gt; = e&lt;sup&gt;{gap}&lt;/sup&gt; = {ratio}</translation>
    </message>
</context>
<context>
    <name>SampleKeeper</name>
    <message>
        <source>The pad is blank: draw a {digit} first, then press {digit} to keep it.</source>
        <translation>畫板是空白的：請先畫一個 {digit}，再按 {digit} 保留它。</translation>
    </message>
    <message>
        <source>Could not save the sample</source>
        <translation>無法儲存樣本</translation>
    </message>
    <message numerus="yes">
        <source>Saved as an example of {digit} · %n sample(s) of {digit}</source>
        <translation>
            <numerusform>已存為 {digit} 的樣本 · {digit} 共有 %n 個樣本</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not remove the sample</source>
        <translation>無法移除樣本</translation>
    </message>
    <message>
        <source>Removed the example of {digit} just kept.</source>
        <translation>已移除剛才留下的 {digit} 樣本。</translation>
    </message>
</context>
<context>
    <name>SamplesDialog</name>
    <message>
        <source>My samples</source>
        <translation>我的樣本</translation>
    </message>
    <message>
        <source>Relabel as</source>
        <translation>重新標記為</translation>
    </message>
    <message>
        <source>New digit for the selected samples</source>
        <translation>選取樣本的新數字</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>匯入…</translation>
    </message>
    <message>
        <source>Stop import</source>
        <translation>停止匯入</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>匯入進度</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>樣本</translation>
    </message>
    <message>
        <source>Your kept drawings, each labelled with its digit. Select some to relabel, delete or export them.</source>
        <translation>你保留的手寫，各自標記了它的數字。選取一些樣本可重新標記、刪除或匯出。</translation>
    </message>
    <message>
        <source>An example of {digit}</source>
        <translation>{digit} 的樣本</translation>
    </message>
    <message>
        <source>These files were skipped:</source>
        <translation>以下檔案已略過：</translation>
    </message>
    <message>
        <source>Unreadable samples</source>
        <translation>無法讀取的樣本</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more.</source>
        <translation>
            <numerusform>……還有 %n 個。</numerusform>
        </translation>
    </message>
    <message>
        <source>No samples yet. To keep one, draw a digit on the pad and press its key (or click its column in the chart); Import… adds samples exported before.</source>
        <translation>還沒有樣本。要留下樣本，請在畫板上畫一個數字，再按下該數字鍵（或點選圖表中它的長條）；「匯入…」可以加入先前匯出的樣本。</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n 個樣本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable file(s) skipped</source>
        <translation>
            <numerusform>已略過 %n 個無法讀取的檔案</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete all %n sample(s)? This cannot be undone.</source>
        <translation>
            <numerusform>要刪除全部 %n 個樣本嗎？這無法復原。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n sample(s)? This cannot be undone.</source>
        <translation>
            <numerusform>要刪除 %n 個樣本嗎？這無法復原。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete samples</source>
        <translation>刪除樣本</translation>
    </message>
    <message>
        <source>Export samples</source>
        <translation>匯出樣本</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip 壓縮檔 (*.zip)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n sample(s) to {path}</source>
        <translation>
            <numerusform>已將 %n 個樣本匯出到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有檔案 (*)</translation>
    </message>
    <message>
        <source>Import samples</source>
        <translation>匯入樣本</translation>
    </message>
    <message>
        <source>Some entries were skipped:</source>
        <translation>有些項目已略過：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>匯入</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new sample(s)</source>
        <translation>
            <numerusform>已匯入 %n 個新樣本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all</source>
        <translation>
            <numerusform>共 %n 個</numerusform>
        </translation>
    </message>
    <message>
        <source>Import stopped; nothing was imported.</source>
        <translation>已停止匯入；沒有匯入任何樣本。</translation>
    </message>
</context>
<context>
    <name>ShiftMapView</name>
    <message>
        <source>Every move at once: computing…</source>
        <translation>所有移動一次看：計算中…</translation>
    </message>
    <message>
        <source>Every move at once: the probability of {digit} (%)</source>
        <translation>所有移動一次看：{digit} 的機率（%）</translation>
    </message>
    <message>
        <source>Across, dx from −{reach} (left) to +{reach} (right); down, dy from −{reach} (up) to +{reach} (down); the middle cell is where framing put the digit, the marked cell where it is now; click a cell to move it there.</source>
        <translation>橫向是 dx，從 −{reach}（左）到 +{reach}（右）；縱向是 dy，從 −{reach}（上）到 +{reach}（下）；正中間那格是框好的位置，框起來的那格是現在的位置；點一格就把數字移到那裡。</translation>
    </message>
    <message>
        <source>Colour: the probability of {digit}, {low} … {high}; “→3”: read as 3 there.</source>
        <translation>顏色：{digit} 的機率，{low} … {high}；「→3」：在那裡判為 3。</translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation>縮放</translation>
    </message>
    <message>
        <source>Every move at once</source>
        <translation>所有移動一次看</translation>
    </message>
    <message>
        <source>{low}× … {high}× about its centre, left to right (middle: as drawn)</source>
        <translation>以中心縮放 {low}× … {high}×，由左到右（中間：原本的大小）</translation>
    </message>
    <message>
        <source>Rotated</source>
        <translation>旋轉</translation>
    </message>
    <message>
        <source>{low}° … +{high}°, anticlockwise positive, left to right</source>
        <translation>{low}° … +{high}°，逆時針為正，由左到右</translation>
    </message>
</context>
<context>
    <name>SlidingPage</name>
    <message>
        <source>Back to the pixel that fires most</source>
        <translation>回到最活躍的像素</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>從頭開始</translation>
    </message>
    <message>
        <source>Put the window back on the top-left corner</source>
        <translation>把窗格放回左上角</translation>
    </message>
    <message>
        <source>Move the window one position</source>
        <translation>把窗格移動一格</translation>
    </message>
    <message>
        <source>Spee&amp;d:</source>
        <translation>速度(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Input map:</source>
        <translation>輸入特徵圖(&amp;I)：</translation>
    </message>
    <message>
        <source>M&amp;ap:</source>
        <translation>特徵圖(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Feature map:</source>
        <translation>特徵圖(&amp;F)：</translation>
    </message>
    <message>
        <source>Lar&amp;gest</source>
        <translation>最大值(&amp;G)</translation>
    </message>
    <message>
        <source>M&amp;ost active</source>
        <translation>最活躍(&amp;O)</translation>
    </message>
    <message>
        <source>The course&apos;s e&amp;xample</source>
        <translation>課程範例(&amp;X)</translation>
    </message>
    <message>
        <source>Back to the dra&amp;wing</source>
        <translation>回到畫的數字(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>一步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暫停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message numerus="yes">
        <source>%n position(s) a second</source>
        <translation>
            <numerusform>每秒 %n 格</numerusform>
        </translation>
    </message>
    <message>
        <source>Position {index} of {count}: output pixel (row {row}, column {col})</source>
        <translation>第 {index} 格，共 {count} 格：輸出像素（第 {row} 列，第 {col} 欄）</translation>
    </message>
    <message>
        <source>The course&apos;s 6×6 example</source>
        <translation>課程的 6×6 範例</translation>
    </message>
    <message>
        <source>The course&apos;s example window</source>
        <translation>課程範例的窗格</translation>
    </message>
    <message>
        <source>its output</source>
        <translation>它的輸出</translation>
    </message>
    <message>
        <source>Input ({height}×{width}) · colour {scale}</source>
        <translation>輸入（{height}×{width}）· 顏色 {scale}</translation>
    </message>
    <message>
        <source>Input map {channel} ({height}×{width}) · colour {scale}</source>
        <translation>輸入特徵圖 {channel}（{height}×{width}）· 顏色 {scale}</translation>
    </message>
    <message>
        <source>{layer}, map {channel} ({height}×{width}) · colour {scale}</source>
        <translation>{layer}，特徵圖 {channel}（{height}×{width}）· 顏色 {scale}</translation>
    </message>
</context>
<context>
    <name>SoftmaxPage</name>
    <message>
        <source>digit</source>
        <translation>數字</translation>
    </message>
    <message>
        <source>chart</source>
        <translation>圖表</translation>
    </message>
    <message>
        <source>The logits z = inputs × W + b, one per digit, and softmax:</source>
        <translation>logit z = 輸入 × W + b，每個數字一個，以及 softmax：</translation>
    </message>
</context>
<context>
    <name>StartBox</name>
    <message>
        <source>Start from</source>
        <translation>從哪裡開始</translation>
    </message>
    <message>
        <source>&amp;Fresh random weights, as the course does</source>
        <translation>全新的隨機權重，如同課程(&amp;F)</translation>
    </message>
    <message>
        <source>The network written below, untrained: it learns from scratch</source>
        <translation>下方寫的網路，尚未訓練：從頭開始學</translation>
    </message>
    <message>
        <source>&amp;Read my drawing while it learns</source>
        <translation>學習時就讀我畫的數字(&amp;R)</translation>
    </message>
    <message>
        <source>The pad, the bars, the inside view and the walk-through follow the network as it trains, several times a second</source>
        <translation>畫板、長條圖、神經網路內部與逐層走過網路，每秒數次跟著訓練中的網路更新</translation>
    </message>
    <message>
        <source>The &amp;model in use, trained further</source>
        <translation>使用中的模型，繼續訓練(&amp;M)</translation>
    </message>
    <message>
        <source>The &amp;model in use ({name}), trained further</source>
        <translation>使用中的模型（{name}），繼續訓練(&amp;M)</translation>
    </message>
    <message>
        <source>Its own network and weights; the Network section does not apply</source>
        <translation>用它自己的網路與權重；「網路」區段不適用</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <source>Layer summary</source>
        <translation>模型各層摘要</translation>
    </message>
    <message>
        <source>Layer (type)</source>
        <translation>層（類型）</translation>
    </message>
    <message>
        <source>Output Shape</source>
        <translation>輸出形狀</translation>
    </message>
    <message>
        <source>Param #</source>
        <translation>參數數量</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>說明</translation>
    </message>
    <message>
        <source>Layers of the model</source>
        <translation>模型的各層</translation>
    </message>
    <message>
        <source>One row per layer: its name and Keras type, output shape, number of parameters and what the layer does.</source>
        <translation>每層一列：名稱與 Keras 類型、輸出形狀、參數數量，以及這一層的作用。</translation>
    </message>
    <message>
        <source>the model in use</source>
        <translation>目前使用的模型</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source>Total params: {count} ({size})</source>
        <translation>參數總數：{count}（{size}）</translation>
    </message>
    <message>
        <source>Trainable params: {count} ({size})</source>
        <translation>可訓練參數：{count}（{size}）</translation>
    </message>
    <message>
        <source>Non-trainable params: {count} ({size})</source>
        <translation>不可訓練參數：{count}（{size}）</translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message>
        <source>Train the network</source>
        <translation>訓練神經網路</translation>
    </message>
    <message>
        <source>Hyperparameters (the course&apos;s defaults)</source>
        <translation>超參數（課程的預設值）</translation>
    </message>
    <message>
        <source>Passes over the 60,000 training images (one takes about a minute)</source>
        <translation>把 60,000 張訓練圖片看過幾遍（每遍約一分鐘）</translation>
    </message>
    <message>
        <source>Images per gradient step</source>
        <translation>每次梯度更新使用的圖片數</translation>
    </message>
    <message>
        <source>The course&apos;s optimizer, with categorical cross-entropy loss</source>
        <translation>課程使用的優化器，搭配分類交叉熵損失函數</translation>
    </message>
    <message>
        <source>1.0 as in the course (then Keras&apos; default); Keras 3&apos;s default of 0.001 barely learns in one epoch</source>
        <translation>與課程相同的 1.0（當時 Keras 的預設值）；Keras 3 的預設值 0.001 在一個訓練週期內幾乎學不到東西</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>cosine decay</source>
        <translation>餘弦衰減</translation>
    </message>
    <message>
        <source>Random shifts, rotations, zoom and stroke width</source>
        <translation>隨機平移、旋轉、縮放與筆畫粗細</translation>
    </message>
    <message>
        <source>Slower, but more robust to digits drawn with a mouse</source>
        <translation>較慢，但對用滑鼠畫的數字更穩健</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>訓練週期數：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批次大小：</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>優化器：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>學習率：</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>學習率排程：</translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>資料擴增：</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進度</translation>
    </message>
    <message>
        <source>Training is running: fine-tune when it has finished.</source>
        <translation>訓練正在進行：請等訓練結束後再微調。</translation>
    </message>
    <message>
        <source>Stopping the training before closing…</source>
        <translation>關閉前正在停止訓練…</translation>
    </message>
    <message>
        <source>After epoch {epoch}: validation loss {loss}, validation accuracy {percent}</source>
        <translation>第 {epoch} 個訓練週期後：驗證損失 {loss}，驗證準確率 {percent}</translation>
    </message>
    <message>
        <source>Training: {percent}</source>
        <translation>訓練中：{percent}</translation>
    </message>
    <message>
        <source>Press Train to start.</source>
        <translation>按「訓練」開始。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Cancel training</source>
        <translation>取消訓練</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Hide this dialog; a running training continues</source>
        <translation>隱藏這個對話框；進行中的訓練會繼續</translation>
    </message>
    <message>
        <source>Choose a folder or file with MNIST, or use the Keras cache.</source>
        <translation>請選擇含有 MNIST 的資料夾或檔案，或使用 Keras 快取。</translation>
    </message>
    <message>
        <source>Invalid setting: {reason}.</source>
        <translation>設定無效：{reason}。</translation>
    </message>
    <message>
        <source>Training: epoch {epoch} of {epochs}</source>
        <translation>訓練中：第 {epoch} / {epochs} 個訓練週期</translation>
    </message>
    <message>
        <source>Preparing augmented digits: {done} of {total}</source>
        <translation>正在準備資料擴增的數字：{done} / {total}</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · batch {step}/{steps} · loss {loss} · accuracy {accuracy}</source>
        <translation>訓練週期 {epoch}/{epochs} · 批次 {step}/{steps} · 損失 {loss} · 準確率 {accuracy}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Done: the new model is in use.</source>
        <translation>完成：正在使用新的模型。</translation>
    </message>
    <message>
        <source>Training done: test accuracy {accuracy}; the new model is in use.</source>
        <translation>訓練完成：測試準確率 {accuracy}；正在使用新的模型。</translation>
    </message>
    <message>
        <source>Cancelled. The model in use has not changed.</source>
        <translation>已取消。目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>Training cancelled; the model in use has not changed.</source>
        <translation>訓練已取消；目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>Training failed. The model in use has not changed.</source>
        <translation>訓練失敗。目前使用的模型沒有改變。</translation>
    </message>
    <message numerus="yes">
        <source>Test accuracy {accuracy} after %n epoch(s): {total} in all, {training} of it training. Saved as {name} in your digitpad folder and now in use.</source>
        <translation>
            <numerusform>經過 %n 個訓練週期，測試準確率 {accuracy}；全部耗時 {total}，其中訓練 {training}。已存為 digitpad 資料夾中的 {name}，並已開始使用。</numerusform>
        </translation>
    </message>
    <message>
        <source>Training failed; the model in use has not changed.</source>
        <translation>訓練失敗；目前使用的模型沒有改變。</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>訓練失敗</translation>
    </message>
</context>
<context>
    <name>TrainingCurves</name>
    <message>
        <source>Loss (cross-entropy)</source>
        <translation>損失（交叉熵）</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>準確率（%）</translation>
    </message>
</context>
<context>
    <name>TrainingTimeSlider</name>
    <message>
        <source>Training &amp;time</source>
        <translation>訓練時間(&amp;T)</translation>
    </message>
    <message>
        <source>Training time</source>
        <translation>訓練時間</translation>
    </message>
    <message>
        <source>Drag to read your drawing with the network as it was at each snapshot of its training; the right end is the trained model</source>
        <translation>拖曳，用網路在訓練中每個快照時的樣子讀你畫的數字；最右端是訓練好的模型</translation>
    </message>
    <message>
        <source>Reading the snapshots of this model&apos;s training…</source>
        <translation>正在讀取這個模型訓練過程的快照…</translation>
    </message>
    <message>
        <source>No training to replay: this model keeps no snapshots of its training.</source>
        <translation>沒有可重播的訓練：這個模型沒有保存訓練過程的快照。</translation>
    </message>
    <message>
        <source>Models trained before digitpad kept snapshots, and the bundled model, have none: train a model (Model ▸ Train model…) to replay how it learned.</source>
        <translation>在 digitpad 開始保存快照之前訓練的模型，以及內建的模型，都沒有快照：訓練一個模型（模型 ▸ 訓練模型…），就能重播它是怎麼學會的。</translation>
    </message>
    <message>
        <source>This model&apos;s snapshots cannot be used: {reason}.</source>
        <translation>這個模型的快照無法使用：{reason}。</translation>
    </message>
    <message>
        <source>Before training</source>
        <translation>訓練前</translation>
    </message>
    <message>
        <source>The trained model, after {steps} batches</source>
        <translation>訓練好的模型，看過 {steps} 個批次之後</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <source>Take it back</source>
        <translation>取消剛才的動作</translation>
    </message>
</context>
<context>
    <name>Watching</name>
    <message>
        <source>Training done: the pad now reads with the new model ({name}).</source>
        <translation>訓練完成：畫板現在用新模型（{name}）來讀。</translation>
    </message>
    <message>
        <source>Training ended: the pad reads with the model in use again ({name}).</source>
        <translation>訓練結束：畫板又用使用中的模型（{name}）來讀。</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Train model…</source>
        <translation>訓練模型(&amp;T)…</translation>
    </message>
    <message>
        <source>Train the network on MNIST yourself</source>
        <translation>自己用 MNIST 訓練神經網路</translation>
    </message>
    <message>
        <source>&amp;Fine-tune on my samples…</source>
        <translation>用我的樣本微調(&amp;F)…</translation>
    </message>
    <message>
        <source>Teach the model your handwriting from the samples you kept</source>
        <translation>用你保留的樣本讓模型學會你的筆跡</translation>
    </message>
    <message>
        <source>My &amp;samples…</source>
        <translation>我的樣本(&amp;S)…</translation>
    </message>
    <message>
        <source>The drawings you kept as examples: delete, relabel, export, import</source>
        <translation>你保留作為樣本的手寫：刪除、重新標記、匯出、匯入</translation>
    </message>
    <message>
        <source>&amp;Runs…</source>
        <translation>訓練紀錄(&amp;R)…</translation>
    </message>
    <message>
        <source>Every training so far: compare their curves, rename, load, delete</source>
        <translation>到目前為止的每次訓練：比較它們的曲線、改名、載入、刪除</translation>
    </message>
    <message>
        <source>&amp;Load model…</source>
        <translation>載入模型(&amp;L)…</translation>
    </message>
    <message>
        <source>Use a .keras or .h5 model file</source>
        <translation>使用一個 .keras 或 .h5 模型檔</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>模型另存新檔(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the model in use to a .keras file</source>
        <translation>把目前使用的模型存成 .keras 檔</translation>
    </message>
    <message>
        <source>&amp;Reset to bundled model</source>
        <translation>還原為內建模型(&amp;R)</translation>
    </message>
    <message>
        <source>Go back to the pretrained model that comes with digitpad</source>
        <translation>回到 digitpad 附帶的預訓練模型</translation>
    </message>
    <message>
        <source>Layer &amp;summary…</source>
        <translation>模型各層摘要(&amp;S)…</translation>
    </message>
    <message>
        <source>The layers of the model in use and their parameters</source>
        <translation>目前模型的各層與參數</translation>
    </message>
    <message>
        <source>&amp;Evaluate on test set…</source>
        <translation>在測試集上評估(&amp;E)…</translation>
    </message>
    <message>
        <source>Accuracy, confusion matrix and mistakes on the 10,000 MNIST test images</source>
        <translation>在 10,000 張 MNIST 測試圖片上的準確率、混淆矩陣與錯誤</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Clear pad</source>
        <translation>清空畫板(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>復原(&amp;U)</translation>
    </message>
    <message>
        <source>Take back the last stroke, or bring back what Clear erased</source>
        <translation>復原最後一筆，或找回被清除的內容</translation>
    </message>
    <message>
        <source>Erase the pad (Undo brings it back)</source>
        <translation>清空畫板（可用「復原」找回）</translation>
    </message>
    <message>
        <source>&amp;Focus the pad</source>
        <translation>焦點移到畫板(&amp;F)</translation>
    </message>
    <message>
        <source>Put the keyboard focus on the pad: digit keys 0–9 then keep samples</source>
        <translation>把鍵盤焦點移到畫板：之後按數字鍵 0–9 即可保留樣本</translation>
    </message>
    <message>
        <source>&amp;About digitpad</source>
        <translation>關於 digitpad(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Larger text, pen and images, for a class at the back of the room</source>
        <translation>放大文字、筆和圖片，讓教室後排也看得清楚</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <source>Smaller text, pen and images</source>
        <translation>縮小文字、筆和圖片</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>實際大小(&amp;A)</translation>
    </message>
    <message>
        <source>Back to the normal size</source>
        <translation>回到正常大小</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全螢幕(&amp;F)</translation>
    </message>
    <message>
        <source>Fill the screen (F11 again to leave)</source>
        <translation>填滿整個螢幕（再按 F11 離開）</translation>
    </message>
    <message>
        <source>&amp;Export the view as PNG…</source>
        <translation>把畫面匯出成 PNG(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the pad, the prediction and the chart as an image, with a caption</source>
        <translation>把畫板、預測與圖表存成一張附說明文字的圖片</translation>
    </message>
    <message>
        <source>&amp;Copy the view as an image</source>
        <translation>把畫面複製成圖片(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the pad, the prediction and the chart to the clipboard, for slides</source>
        <translation>把畫板、預測與圖表複製到剪貼簿，方便放進投影片</translation>
    </message>
    <message>
        <source>Say when it is &amp;not a digit</source>
        <translation>指出不是數字的圖(&amp;N)</translation>
    </message>
    <message>
        <source>Off: always name the most likely digit, as a bare softmax does, even for a dot or a star</source>
        <translation>關閉時：一律說出最可能的數字，就像單純的 softmax，即使畫的是一個點或一顆星</translation>
    </message>
    <message>
        <source>&amp;Inside the network</source>
        <translation>神經網路內部(&amp;I)</translation>
    </message>
    <message>
        <source>Every layer&apos;s activations for the drawing, live</source>
        <translation>即時顯示每一層對這張手寫的輸出</translation>
    </message>
    <message>
        <source>&amp;Walk through the network</source>
        <translation>逐層走過網路(&amp;W)</translation>
    </message>
    <message>
        <source>The course step by step on your drawing: every layer&apos;s arithmetic, live</source>
        <translation>用你畫的數字一步一步走過課程：每一層的算式，即時更新</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟隨系統(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
</context>
<context>
    <name>WindowArithmetic</name>
    <message>
        <source>input patch</source>
        <translation>輸入區塊</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷積核</translation>
    </message>
    <message>
        <source>products</source>
        <translation>乘積</translation>
    </message>
    <message>
        <source>window</source>
        <translation>窗格</translation>
    </message>
    <message>
        <source>input map {channel}</source>
        <translation>輸入特徵圖 {channel}</translation>
    </message>
    <message numerus="yes">
        <source>the other %n map(s)</source>
        <translation>
            <numerusform>其餘 %n 張特徵圖</numerusform>
        </translation>
    </message>
    <message>
        <source>input map</source>
        <translation>輸入特徵圖</translation>
    </message>
    <message>
        <source>its products added</source>
        <translation>它的乘積總和</translation>
    </message>
    <message>
        <source>Input maps that add the most to this pixel:</source>
        <translation>對這個像素加得最多的輸入特徵圖：</translation>
    </message>
    <message>
        <source>The {kh}×{kw} patch at rows {first_row}–{last_row}, columns {first_col}–{last_col}, times the kernel, element by element:</source>
        <translation>第 {first_row}–{last_row} 列、第 {first_col}–{last_col} 欄的 {kh}×{kw} 區塊，與卷積核逐元素相乘：</translation>
    </message>
    <message>
        <source>The {ph}×{pw} window at rows {first_row}–{last_row}, columns {first_col}–{last_col}:</source>
        <translation>第 {first_row}–{last_row} 列、第 {first_col}–{last_col} 欄的 {ph}×{pw} 窗格：</translation>
    </message>
    <message>
        <source>sum of products {products} + bias {bias} = {sum}</source>
        <translation>乘積總和 {products} + 偏差 {bias} = {sum}</translation>
    </message>
    <message>
        <source>ReLU: max({sum}, 0) = &lt;b&gt;{value}&lt;/b&gt;, the map&apos;s pixel</source>
        <translation>ReLU：max({sum}, 0) = &lt;b&gt;{value}&lt;/b&gt;，就是特徵圖的像素</translation>
    </message>
    <message>
        <source>no activation: &lt;b&gt;{value}&lt;/b&gt;, the map&apos;s pixel</source>
        <translation>沒有啟動函數：&lt;b&gt;{value}&lt;/b&gt;，就是特徵圖的像素</translation>
    </message>
    <message>
        <source>mean({values}) = &lt;b&gt;{value}&lt;/b&gt;, the pooled pixel</source>
        <translation>mean({values}) = &lt;b&gt;{value}&lt;/b&gt;，就是池化後的像素</translation>
    </message>
    <message>
        <source>max({values}) = &lt;b&gt;{value}&lt;/b&gt;, the pooled pixel</source>
        <translation>max({values}) = &lt;b&gt;{value}&lt;/b&gt;，就是池化後的像素</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Save the model as</source>
        <translation>模型另存為</translation>
    </message>
    <message>
        <source>Keras models (*.keras)</source>
        <translation>Keras 模型 (*.keras)</translation>
    </message>
    <message>
        <source>Replace the model?</source>
        <translation>要取代模型嗎？</translation>
    </message>
    <message>
        <source>{name} already exists. Replace it?</source>
        <translation>{name} 已經存在。要取代它嗎？</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>正在儲存 {name}…</translation>
    </message>
    <message>
        <source>Saved the model to {path}</source>
        <translation>模型已儲存到 {path}</translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation>無法儲存模型</translation>
    </message>
    <message>
        <source>Layer summary</source>
        <translation>模型各層摘要</translation>
    </message>
    <message>
        <source>Test image {index}: a {label} the network read as {predicted} ({percent})</source>
        <translation>測試圖片 {index}：一個 {label}，神經網路判讀為 {predicted}（{percent}）</translation>
    </message>
    <message>
        <source>&lt;p&gt;Draw a digit and watch the classic Keras MNIST CNN recognize it: the ten softmax probabilities update as you draw.&lt;/p&gt;&lt;p&gt;Walk through the network layer by layer on your own drawing, as the course teaches it (View ▸ Walk through the network), or see every layer&apos;s activations at once (View ▸ Inside the network).&lt;/p&gt;&lt;p&gt;Train the network yourself (Model ▸ Train model…), compare your runs (View ▸ Runs…) and read its layer table (Model ▸ Layer summary…).&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;p&gt;畫一個數字，看經典的 Keras MNIST 卷積神經網路（CNN）辨識它：十個 softmax 機率會隨著你的筆畫即時更新。&lt;/p&gt;&lt;p&gt;用你自己的手寫，照課程的方式一層一層走過網路（檢視 ▸ 逐層走過網路），或一次看到每一層的啟動值（檢視 ▸ 神經網路內部）。&lt;/p&gt;&lt;p&gt;你可以自己訓練神經網路（模型 ▸ 訓練模型…）、比較各次訓練紀錄（檢視 ▸ 訓練紀錄…），並查看它的各層摘要（模型 ▸ 模型各層摘要…）。&lt;/p&gt;&lt;p&gt;MIT 授權。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About digitpad</source>
        <translation>關於 digitpad</translation>
    </message>
</context>
<context>
    <name>_CurveChart</name>
    <message>
        <source>training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>訓練週期</translation>
    </message>
    <message>
        <source>{title} against epochs: training per batch (a line), validation after each epoch (dots).</source>
        <translation>{title}隨訓練週期的變化：訓練值逐批次畫成線，驗證值在每個訓練週期後畫成點。</translation>
    </message>
</context>
<context>
    <name>describe_error</name>
    <message>
        <source>choose “Local folder” in Model ▸ Train model… and pick a folder with the four MNIST IDX files, or a mnist.npz</source>
        <translation>請在「模型 ▸ 訓練模型…」中選「本機資料夾」，再選一個含有四個 MNIST IDX 檔的資料夾，或一個 mnist.npz</translation>
    </message>
    <message>
        <source>There was not enough memory for {doing}; close other programs or, for training, choose a smaller batch size.</source>
        <translation>{doing}時記憶體不足；請關閉其他程式，若是訓練，請選擇較小的批次大小。</translation>
    </message>
    <message>
        <source>Something went wrong while {doing} ({error}: {detail}).</source>
        <translation>{doing}時發生錯誤（{error}：{detail}）。</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>Save as PNG</source>
        <translation>存成 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 圖片 (*.png)</translation>
    </message>
    <message>
        <source>Could not save the image</source>
        <translation>無法儲存圖片</translation>
    </message>
    <message>
        <source>The image could not be written to {path}; choose another folder.</source>
        <translation>無法把圖片寫入 {path}；請選擇其他資料夾。</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>複製圖片</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>存成 PNG…</translation>
    </message>
</context>
</TS>
