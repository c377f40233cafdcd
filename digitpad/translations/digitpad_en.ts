<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>DensePage</name>
    <message numerus="yes">
        <source>The layer&apos;s %n neuron(s) · colour {scale} · click one</source>
        <translation>
            <numerusform>The layer&apos;s %n neuron · colour {scale} · click it</numerusform>
            <numerusform>The layer&apos;s %n neurons · colour {scale} · click one</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the other %Ln</source>
        <translation>
            <numerusform>the other %Ln</numerusform>
            <numerusform>the other %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Neuron {unit}: the %n largest product(s) of its inputs</source>
        <translation>
            <numerusform>Neuron {unit}: the largest product of its inputs</numerusform>
            <numerusform>Neuron {unit}: the %n largest products of its inputs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeatureGrid</name>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n neuron</numerusform>
            <numerusform>%n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n map(s) of {height}×{width}</source>
        <translation>
            <numerusform>%n map of {height}×{width}</numerusform>
            <numerusform>%n maps of {height}×{width}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinetuneDialog</name>
    <message numerus="yes">
        <source>Only %n of your samples held out (fewer than {least} per digit): too few to tell whether it reads your handwriting better.</source>
        <translation>
            <numerusform>Only %n of your samples was held out (fewer than {least} per digit): too few to tell whether it reads your handwriting better.</numerusform>
            <numerusform>Only %n of your samples were held out (fewer than {least} per digit): too few to tell whether it reads your handwriting better.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InputPage</name>
    <message numerus="yes">
        <source>784 pixel values from 0 (blank paper: shown black, its 0 left out) to 1 (full ink); %n pixel(s) have ink.</source>
        <translation>
            <numerusform>784 pixel values from 0 (blank paper: shown black, its 0 left out) to 1 (full ink); %n pixel has ink.</numerusform>
            <numerusform>784 pixel values from 0 (blank paper: shown black, its 0 left out) to 1 (full ink); %n pixels have ink.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LayerGrids</name>
    <message numerus="yes">
        <source>{kind}: %n map(s) of {height}×{width}</source>
        <translation>
            <numerusform>{kind}: %n map of {height}×{width}</numerusform>
            <numerusform>{kind}: %n maps of {height}×{width}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>output (softmax): %n neuron(s)</source>
        <translation>
            <numerusform>output (softmax): %n neuron</numerusform>
            <numerusform>output (softmax): %n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{kind}: %n neuron(s)</source>
        <translation>
            <numerusform>{kind}: %n neuron</numerusform>
            <numerusform>{kind}: %n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>First convolution&apos;s %n learned {height}×{width} kernel(s) · colour {scale} (blue negative, white 0, red positive)</source>
        <translation>
            <numerusform>First convolution&apos;s %n learned {height}×{width} kernel · colour {scale} (blue negative, white 0, red positive)</numerusform>
            <numerusform>First convolution&apos;s %n learned {height}×{width} kernels · colour {scale} (blue negative, white 0, red positive)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LearningView</name>
    <message numerus="yes">
        <source>The first convolution&apos;s %n kernel(s), as they are now · colour {scale} (blue negative, white 0, red positive)</source>
        <translation>
            <numerusform>The first convolution&apos;s %n kernel, as it is now · colour {scale} (blue negative, white 0, red positive)</numerusform>
            <numerusform>The first convolution&apos;s %n kernels, as they are now · colour {scale} (blue negative, white 0, red positive)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapsOffPage</name>
    <message numerus="yes">
        <source>{layer}: %n feature map(s)</source>
        <translation>
            <numerusform>{layer}: %n feature map</numerusform>
            <numerusform>{layer}: %n feature maps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n off</source>
        <translation>
            <numerusform>%n off</numerusform>
            <numerusform>%n off</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Switch off the %n of {layer} that matter most</source>
        <translation>
            <numerusform>Switch off the map of {layer} that matters most</numerusform>
            <numerusform>Switch off the %n of {layer} that matter most</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsDialog</name>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n epoch</numerusform>
            <numerusform>%n epochs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SampleKeeper</name>
    <message numerus="yes">
        <source>Saved as an example of {digit} · %n sample(s) of {digit}</source>
        <translation>
            <numerusform>Saved as an example of {digit} · %n sample of {digit}</numerusform>
            <numerusform>Saved as an example of {digit} · %n samples of {digit}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SamplesDialog</name>
    <message numerus="yes">
        <source>…and %n more.</source>
        <translation>
            <numerusform>…and %n more.</numerusform>
            <numerusform>…and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n sample</numerusform>
            <numerusform>%n samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable file(s) skipped</source>
        <translation>
            <numerusform>%n unreadable file skipped</numerusform>
            <numerusform>%n unreadable files skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete all %n sample(s)? This cannot be undone.</source>
        <translation>
            <numerusform>Delete the only sample? This cannot be undone.</numerusform>
            <numerusform>Delete all %n samples? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n sample(s)? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n sample? This cannot be undone.</numerusform>
            <numerusform>Delete %n samples? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n sample(s) to {path}</source>
        <translation>
            <numerusform>Exported %n sample to {path}</numerusform>
            <numerusform>Exported %n samples to {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new sample(s)</source>
        <translation>
            <numerusform>Imported %n new sample</numerusform>
            <numerusform>Imported %n new samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all</source>
        <translation>
            <numerusform>%n in all</numerusform>
            <numerusform>%n in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SlidingPage</name>
    <message numerus="yes">
        <source>%n position(s) a second</source>
        <translation>
            <numerusform>%n position a second</numerusform>
            <numerusform>%n positions a second</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message numerus="yes">
        <source>Test accuracy {accuracy} after %n epoch(s): {total} in all, {training} of it training. Saved as {name} in your digitpad folder and now in use.</source>
        <translation>
            <numerusform>Test accuracy {accuracy} after %n epoch: {total} in all, {training} of it training. Saved as {name} in your digitpad folder and now in use.</numerusform>
            <numerusform>Test accuracy {accuracy} after %n epochs: {total} in all, {training} of it training. Saved as {name} in your digitpad folder and now in use.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowArithmetic</name>
    <message numerus="yes">
        <source>the other %n map(s)</source>
        <translation>
            <numerusform>the other %n map</numerusform>
            <numerusform>the other %n maps</numerusform>
        </translation>
    </message>
</context>
</TS>
