"""Language of labels, titles and widget descriptions: English or Chinese, chosen once per notebook.

Every label lives once, in :data:`TEXT`. ``set_language("zh")`` registers a CJK font with
matplotlib so that Chinese labels render (:mod:`gru_viz.cjk_font`: the machine's own, otherwise
the subset gru_viz ships, so a bare Colab runtime draws the book's Chinese labels with no install
step; Chinese text of your own may need a full font, ``apt-get install fonts-noto-cjk``). Only if
no font at all can be found does it say so once and keep English labels, rather than drawing
empty boxes.
"""
from __future__ import annotations

from . import _checks, cjk_font

#: The languages of every label, in the order of the texts in :data:`gru_viz.lang.TEXT`.
LANGUAGES = ("en", "zh")

#: Every string a reader sees, in gru_viz (plots, widgets, the HTML views and their scripts, the
#: challenges) and in the book's Sphinx extension (``book_ui:`` entries), one ``(English,
#: Chinese)`` tuple per key, in the order of :data:`gru_viz.lang.LANGUAGES`. Chinese terms follow
#: the book's glossary. A group of labels shares a key prefix (``view_``, ``explorer_``,
#: ``challenge_<id>_``) that :func:`gru_viz.lang.section` strips.
TEXT = {
    "reset_gate": ("reset gate R", "重置门 R"),
    "update_gate": ("update gate Z", "更新门 Z"),
    "candidate": ("candidate H̃", "候选隐状态 H̃"),
    "hidden": ("hidden state H", "隐状态 H"),
    "prev_hidden": ("previous state H(t−1)", "上一隐状态 H(t−1)"),
    "time_step": ("time step", "时间步"),
    "unit": ("hidden unit", "隐藏单元"),
    "value": ("value", "值"),
    "activation": ("activation", "激活值"),
    "input_step": ("input time step t′", "输入的时间步 t′"),
    "output_step": ("state at time step t", "时间步 t 的隐状态"),
    "influence": ("influence ‖∂H_t/∂X_t′‖", "影响 ‖∂H_t/∂X_t′‖"),
    "influence_title": ("Influence of each input on the state", "各输入对隐状态的影响"),
    "left_saturated": ("fraction of steps with gate < 0.1", "门 < 0.1 的时间步比例"),
    "right_saturated": ("fraction of steps with gate > 0.9", "门 > 0.9 的时间步比例"),
    "saturation_title": ("Gate saturation per unit", "各隐藏单元的门饱和情况"),
    "gate": ("gate", "门"),
    "passage": ("passage", "文本片段"),
    # The live view of the reader's own text (gru_viz.live: "live_" + the name its script uses);
    # it also uses reset_gate, update_gate, candidate, hidden and unit above.
    "live_title": ("Your own text, live: a trained model reads what you type",
                   "你自己的文本，实时运行：训练好的模型读你输入的内容"),
    "live_text_box": ("Type or paste English text (the model runs in this page, no kernel needed)",
                      "输入或粘贴英文文本（模型就在本页中运行，不需要内核）"),
    "live_model": ("model", "模型"),
    "live_colour_by": ("colour the text by", "文本着色依据"),
    "live_surprise": ("surprise −log p of each character", "每个字符的意外程度 −log p"),
    "live_coloured_label": ("your text, each character coloured by the chosen quantity",
                            "你的文本，每个字符按所选的量着色"),
    "live_legend_gate": ("colour: {gate} of hidden unit {u} ({model})",
                         "颜色：{model} 第 {u} 个隐藏单元的{gate}"),
    "live_legend_surprise": ("colour: surprise −log p of each character under {model}, 0 (light) "
                             "to {max} nats (dark) or more",
                             "颜色：{model} 对每个字符的意外程度 −log p，从 0（浅）到 {max} 奈特"
                             "（深）及以上"),
    "live_no_gate": ("{model} is a plain RNN: it has no gates, so the colour shows its state H",
                     "{model} 是普通 RNN，没有门，所以颜色显示的是它的隐状态 H"),
    "live_no_gate_lstm": ("{model} is an LSTM: it has no reset or update gate, so the colour shows "
                          "its state H",
                          "{model} 是 LSTM，没有重置门和更新门，所以颜色显示的是它的隐状态 H"),
    "live_char_title": ("step {t} “{c}”: {what} = {v}", "时间步 {t}（“{c}”）：{what} = {v}"),
    "live_first": ("the first character: nothing predicts it", "第一个字符：之前没有内容可用于预测"),
    "live_readout": ("{n} characters read", "已读入 {n} 个字符"),
    "live_next_title": ("The most likely next characters after the cursor",
                        "光标之后最可能出现的字符"),
    "live_next_empty": ("Type a character to see what the model expects next.",
                        "输入一个字符，看看模型预计接下来是什么。"),
    "live_bar": ("“{c}” {p}", "“{c}” {p}"),
    "live_perplexity": ("perplexity of the text under {model}: {ppl} over {n} predicted characters",
                        "{model} 下这段文本的困惑度：{ppl}（共预测 {n} 个字符）"),
    "live_perplexity_none": ("perplexity: type at least two characters",
                             "困惑度：请至少输入两个字符"),
    "live_announce": ("{model} expects “{c}” next ({p})", "{model} 预计下一个字符是“{c}”（{p}）"),
    "live_space": ("␣", "␣"),
    "live_generate_title": ("Let the model continue your text", "让模型接着写你的文本"),
    "live_temperature": ("temperature (0: always the most likely)", "温度（0：总取最可能的字符）"),
    "live_greedy": ("0 (greedy)", "0（贪心）"),
    "live_top_k": ("sample among the top k", "只在前 k 个字符中采样"),
    "live_seed": ("seed (the same seed, the same text)", "随机种子（种子相同，续写相同）"),
    "live_length": ("characters to add", "续写的字符数"),
    "live_generate": ("Generate", "续写"),
    "live_undo": ("Remove the continuation", "撤销续写"),
    "live_copy_link": ("Copy a link to this text and these settings", "复制指向这段文本和这些设置的链接"),
    "live_link": ("link to this view's text and settings", "指向本视图的文本和设置的链接"),
    "live_copied": ("Link copied.", "链接已复制。"),
    "live_copy_by_hand": ("Copy the link from the box (Ctrl+C).", "请从框中复制链接（Ctrl+C）。"),
    "live_compare_title": ("Compare the models on your text: surprise per character",
                           "在你的文本上比较各个模型：每个字符的意外程度"),
    "live_compare_row": ("{model}: perplexity {ppl}", "{model}：困惑度 {ppl}"),
    "live_compare_strip": ("{model}: surprise per character, a strip of coloured cells (the arrow "
                           "keys read it character by character)",
                           "{model}：每个字符的意外程度，一条着色方格组成的色带（用方向键逐个字符读出）"),
    "live_compare_summary": ("Character by character, the least surprised model: {counts} (of {n} "
                             "predicted characters).",
                             "逐个字符比较，意外程度最低的模型：{counts}（共预测 {n} 个字符）。"),
    "live_compare_summary_none": ("Type at least two characters to compare the models.",
                                  "请至少输入两个字符，再比较各个模型。"),
    "live_compare_count": ("{model} at {n}", "{model} {n} 个"),
    "live_compare_at": ("step {t} “{c}”, surprise −log p: {values}",
                        "时间步 {t}（“{c}”）的意外程度 −log p：{values}"),
    "live_compare_value": ("{model} {v}", "{model} {v}"),
    "live_compare_hint": ("Point at a character in a strip, or Tab to a strip and use the arrow "
                          "keys, to read every model's surprise at it.",
                          "把鼠标移到色带中的某个字符上，或按 Tab 键选中一条色带后使用方向键，即可读出"
                          "各个模型在这个字符上的意外程度。"),
    "live_list_sep": (", ", "，"),
    "live_oov": ("{n} of these characters are not in the model's vocabulary (marked with a "
                 "dotted box): the model knows lower-case English letters and the space, so it "
                 "reads a capital as its small letter and anything else as a space, as the "
                 "cleaning of its training text did.",
                 "其中 {n} 个字符不在模型的词表中（用虚线框标出）：模型只读英文，只认识小写英文字母"
                 "和空格，所以它把大写字母当作小写字母来读，把其他字符（包括汉字）都当作空格来读，"
                 "和清洗训练文本时的做法一样。"),
    "live_oov_title": ("not in the vocabulary: read as “{r}”", "不在词表中：读作“{r}”"),
    "live_cut": ("The text had {n} characters; the view reads the first {max}.",
                 "这段文本有 {n} 个字符；本视图只读前 {max} 个。"),
    "live_link_note": ("The link's “{key}” was not used ({value}): {reason}",
                       "链接中的“{key}”未被采用（{value}）：{reason}"),
    "live_reason_unknown": ("this view has no such setting", "本视图没有这个设置"),
    "live_reason_value": ("expected {expected}", "应为{expected}"),
    "live_reason_view": ("this page has no view of that name", "本页没有这个名字的视图"),
    "live_reason_cut": ("the text was cut to {max} characters", "文本被截断为 {max} 个字符"),
    "live_how": ("Type or paste text: each character is coloured as you type, and the bars show "
                 "what the model expects next. Choose the model, the quantity and the unit above "
                 "the text; Generate continues the text one character at a time.",
                 "输入或粘贴文本：每输入一个字符就会着色，条形图显示模型预计接下来的字符。在文本上方"
                 "选择模型、着色的量和隐藏单元；“续写”会逐个字符地接着写下去。"),
    "live_precision": ("The page stores the trained weights compactly and runs the model in "
                       "float64; the stated bounds are twice the largest error measured against the "
                       "trained weights.",
                       "本页以紧凑的形式保存训练好的权重，并以 float64 运行模型；下面给出的误差上界是"
                       "与训练好的权重相比所测得的最大误差的两倍。"),
    "live_precision_model": ("{name} ({fmt}): gates within {gates}, probabilities within {probs}, "
                             "surprise −log p within {surprise} nats.",
                             "{name}（{fmt}）：门的误差不超过 {gates}，概率的误差不超过 {probs}，"
                             "意外程度 −log p 的误差不超过 {surprise} 奈特。"),
    "live_format_int8": ("int8 per row with a scale", "每行 int8 加一个缩放因子"),
    "live_format_float16": ("float16", "float16"),
    "live_noscript": ("This view needs JavaScript.", "此视图需要 JavaScript。"),
    # The trace explorer's own labels (gru_viz.explorer: "explorer_" + the name its script uses);
    # it also uses reset_gate, update_gate, candidate, hidden, unit and passage above.
    "explorer_title": ("Trace explorer: the gates of a trained GRU, character by character",
                       "轨迹浏览器：逐个字符查看训练后的 GRU 的门"),
    "explorer_colour_by": ("colour the text by", "文本着色依据"),
    "explorer_text_label": ("the passage, one character per time step",
                            "文本片段，每个时间步一个字符"),
    "explorer_step": ("step {t} “{c}”", "时间步 {t}（“{c}”）"),
    "explorer_of_unit": ("hidden unit {u}", "第 {u} 个隐藏单元"),
    "explorer_legend_gate": ("colour: {gate} of hidden unit {u}", "颜色：第 {u} 个隐藏单元的{gate}"),
    "explorer_legend_infl": ("colour: influence ‖∂H_{t}/∂x_t′‖ of each earlier character on the "
                             "state at step {t} “{c}”, relative to the largest, log scale",
                             "颜色：之前每个字符对时间步 {t}（“{c}”）处隐状态的影响 ‖∂H_{t}/∂x_t′‖，"
                             "以其中的最大值为基准，对数刻度"),
    "explorer_infl_title": ("‖∂H_{t}/∂x_{tp}‖ = {v}", "‖∂H_{t}/∂x_{tp}‖ = {v}"),
    "explorer_later": ("after step {t}: no influence on the state there",
                       "位于时间步 {t} 之后：对该处的隐状态没有影响"),
    "explorer_readout_infl": ("influence of step {tp} “{cp}” on the state at step {t} “{c}”: "
                              "‖∂H_{t}/∂x_{tp}‖ = ",
                              "时间步 {tp}（“{cp}”）对时间步 {t}（“{c}”）处隐状态的影响："
                              "‖∂H_{t}/∂x_{tp}‖ = "),
    "explorer_readout_largest": ("largest influence on the state at step {t} “{c}”: step {tp} "
                                 "“{cp}”, ‖∂H_{t}/∂x_{tp}‖ = ",
                                 "对时间步 {t}（“{c}”）处隐状态影响最大的是时间步 {tp}（“{cp}”）："
                                 "‖∂H_{t}/∂x_{tp}‖ = "),
    "explorer_readout_later": ("step {tp} comes after step {t}: it cannot influence the state "
                               "there", "时间步 {tp} 位于时间步 {t} 之后，不可能影响该处的隐状态"),
    "explorer_strip_title": ("R and Z of every hidden unit at step {t} “{c}” (click a unit to "
                             "choose it)",
                             "时间步 {t}（“{c}”）处每个隐藏单元的 R 和 Z（点击某个隐藏单元即可选中它）"),
    "explorer_strip_cell": ("hidden unit {u}: {gate} = {v}", "第 {u} 个隐藏单元：{gate} = {v}"),
    "explorer_curves_title": ("R and Z of hidden unit {u} over the passage",
                              "第 {u} 个隐藏单元在整个片段上的 R 和 Z"),
    "explorer_clear": ("Colour by {gate} again", "改回按{gate} 着色"),
    "explorer_hint": ("Hover a character (or move with the arrow keys): the strip shows R and Z "
                      "of every hidden unit there. Choose a unit with the slider, or click it in "
                      "the strip, to see its R and Z over the passage. Click a character (or "
                      "press Enter) to colour the text by the influence of every earlier "
                      "character on the state there; click it again (or press Esc) to go back.",
                      "把鼠标移到某个字符上（或用方向键移动）：条带显示该字符处每个隐藏单元的 R 和 Z。"
                      "用滑块选择隐藏单元，或在条带中点击它，即可看到它在整个片段上的 R 和 Z 曲线。"
                      "点击一个字符（或按 Enter 键），文本的颜色就改为表示之前每个字符对该处隐状态的"
                      "影响；再点击一次（或按 Esc 键）即可返回。"),
    "explorer_precision": ("Kept in this page: R, Z, H̃ and H rounded to two decimals (within "
                           "0.005 of gru_viz.trace_text); the influence on a log scale, within "
                           "{rel} of gru_viz.text_influence, shown with three significant digits.",
                           "本页保存的数值：R、Z、H̃ 和 H 四舍五入到两位小数（与 gru_viz.trace_text "
                           "相差不超过 0.005）；影响按对数刻度保存，与 gru_viz.text_influence 的相对"
                           "误差在 {rel} 以内，显示三位有效数字。"),
    "explorer_noscript": ("This view needs JavaScript.", "此视图需要 JavaScript。"),
    "explorer_below": ("< {v}", "< {v}"),
    "explorer_sep": (", ", "，"),
    "explorer_colon": (": ", "："),
    "explorer_sym_R": ("R", "R"),
    "explorer_sym_Z": ("Z", "Z"),
    "explorer_sym_H_tilde": ("H̃", "H̃"),
    "explorer_sym_H": ("H", "H"),
    "explorer_space": ("␣", "␣"),
    "one_step_title": ("One GRU step: H_t = Z·H(t-1) + (1−Z)·H̃",
                       "GRU 的一步：H_t = Z·H(t-1) + (1−Z)·H̃"),
    "new_hidden": ("new state H_t", "新的隐状态 H_t"),
    "input_x": ("input x", "输入 x"),
    "candidate_range": ("candidate for R from 0 to 1", "R 从 0 到 1 时的候选隐状态"),
    "one_step_formula": ("H̃ = tanh(w_xh·x + w_hh·(R·H(t-1)) + b_h) with {weights}",
                         "H̃ = tanh(w_xh·x + w_hh·(R·H(t-1)) + b_h)，其中 {weights}"),
    "influence_final": ("influence on the final state", "对最终隐状态的影响"),
    "influence_of_t_prime": ("influence of x_t′ on H_t", "x_t′ 对 H_t 的影响"),
    "sequence_title": ("Which inputs does the final state remember?",
                       "最终隐状态记住了哪些输入？"),
    "preset_keep": ("keep x_t′ (Z = 1 except at t′)", "记住 x_t′（除 t′ 外 Z = 1）"),
    "preset_rnn": ("plain RNN (Z = 0, R = 1)", "普通 RNN（Z = 0，R = 1）"),
    "preset_half": ("all gates 0.5", "所有门取 0.5"),
    "launch_hint": ("Static figure: launch this chapter in Colab or Jupyter to drag the sliders.",
                    "这是静态图：在 Colab 或 Jupyter 中运行本章即可拖动滑块。"),
    "list_sep": (", ", "，"),
    # The HTML views' own labels ("view_" + the name the view's script uses); the views also use
    # the shared labels above (gru_viz.views.SHARED_LABELS says which).
    "view_one_title": ('One GRU step: drag the gates', 'GRU 的一步：拖动门的取值'),
    "view_a": ('input of tanh, a', 'tanh 的输入 a'),
    "view_h": ('new state H', '新的隐状态 H'),
    "view_quantity": ('quantity', '量'),
    "view_band": ('shaded band: where H̃ can go as R runs from 0 to 1',
                    '阴影区间：R 从 0 变到 1 时 H̃ 的取值范围'),
    "view_one_formula": ('H̃ = tanh(w_xh·x + w_hh·(R·H(t−1)) + b_h),  H = Z·H(t−1) + (1−Z)·H̃',
                           'H̃ = tanh(w_xh·x + w_hh·(R·H(t−1)) + b_h)，H = Z·H(t−1) + (1−Z)·H̃'),
    "view_t_prime": ('input step t′', '输入的时间步 t′'),
    "view_z_before": ('Z before t′', 't′ 之前的 Z'),
    "view_z_at": ('Z at t′', 't′ 处的 Z'),
    "view_r_at": ('R at t′', 't′ 处的 R'),
    "view_z_after": ('Z after t′', 't′ 之后的 Z'),
    "view_r_other": ('R at other steps', '其他时间步的 R'),
    "view_panel_h": ('hidden state H_t', '隐状态 H_t'),
    "view_panel_infl": ('influence of each input on the final state, |∂H_T−1 / ∂x_t|',
                          '各输入对最终隐状态的影响 |∂H_T−1 / ∂x_t|'),
    "view_col_t": ('t', 't'),
    "view_col_infl_tp": ('|∂H_t / ∂x_t′|', '|∂H_t / ∂x_t′|'),
    "view_col_infl_final": ('|∂H_T−1 / ∂x_t|', '|∂H_T−1 / ∂x_t|'),
    "view_seq_rule": ('R and Z are set by hand, step by step; H_0 = {h0}; the inputs x_t are in the table. H̃_t = tanh(w_xh·x_t + w_hh·(R_t·H_t−1) + b_h), H_t = Z_t·H_t−1 + (1−Z_t)·H̃_t.',
                        'R 和 Z 逐个时间步手动设定；H_0 = {h0}；各时间步的输入 x_t 见表格。H̃_t = tanh(w_xh·x_t + w_hh·(R_t·H_t−1) + b_h)，H_t = Z_t·H_t−1 + (1−Z_t)·H̃_t。'),
    "view_weights": ('weights: ', '权重：'),
    "view_sep": ('; ', '；'),
    "view_noscript": ('This view needs JavaScript to move: the numbers shown are those of its '
                      'initial settings.',
                      '此视图需要 JavaScript 才能拖动：下面显示的数值对应它的初始设置。'),
    "view_challenge": ('Challenge', '挑战'),
    "view_challenge_none": ('none: free play', '无：自由探索'),
    "view_solved": ('Solved!', '挑战已完成！'),
    "view_not_yet": ('Not yet:', '尚未完成：'),
    "view_progress": ('Solved on this page: {n} of {m}.', '本页已完成 {n} / {m} 个挑战。'),
    "view_reset": ('Reset my progress', '清除完成记录'),
    "view_copy": ('Copy link', '复制链接'),
    "view_link_label": ('A link to this view as it is now', '指向此视图当前状态的链接'),
    "view_copied": ('Link copied: it opens this view as it is now.', '链接已复制：打开它就能看到此刻的视图。'),
    "view_copy_by_hand": ('Copy the selected link by hand (Ctrl+C or ⌘C).',
                            '请手动复制已选中的链接（Ctrl+C 或 ⌘C）。'),
    "view_link_note": ('From the link:', '链接中的设置：'),
    "view_note_sep": ('; ', '；'),
    "view_note_colon": (': ', '：'),
    "view_why_number": ('not a number; ignored', '不是数字，已忽略'),
    "view_why_range": ('outside {min} … {max}; ignored', '超出 {min} … {max} 的范围，已忽略'),
    "view_why_integer": ('not a whole number; ignored', '不是整数，已忽略'),
    "view_why_rounded": ("rounded to {to}, the slider's step", '已按滑块的步长取为 {to}'),
    "view_why_unknown": ('no such setting; ignored', '没有这项设置，已忽略'),
    "view_why_challenge": ('no such challenge in this view; ignored', '此视图没有这个挑战，已忽略'),
    "view_why_lang": ('not a language of the view (en, zh); ignored', '不是此视图的语言（en、zh），已忽略'),
    "view_why_hide": ('no such control or part; ignored', '没有这个控件或部分，已忽略'),
    "view_why_k": ('not a step from {min} to {max}; ignored', '不是 {min} 到 {max} 之间的时间步，已忽略'),
    "view_why_nok": ('the chosen challenge has no step k; ignored', '当前的挑战没有时间步 k，已忽略'),
    "view_why_view": ('no view of that name on this page', '本页没有这个名字的视图'),
    "view_class_note": ('Classroom link: some controls are hidden.', '课堂链接：部分控件已隐藏。'),
    # The one-step view's cell diagram (gru_viz/static/gru_cell.js; OneStepView.cell_labels).
    "view_cell_title": ("The GRU cell at the sliders' values: one step of one hidden unit",
                        '滑块取值下的 GRU 单元：一个隐藏单元的一个时间步'),
    "view_cell_gate_r": ('reset gate',
                         '重置门'),
    "view_cell_gate_z": ('update gate',
                         '更新门'),
    "view_cell_fade": ('R and Z are set by the sliders. A wire fades as the gate value that '
                       'scales it goes to 0: its opacity follows R, Z or 1 − Z.',
                       'R 和 Z 由滑块设定。缩放某条连线的门取值越接近 0，这条连线就越淡：它的不透明度随 R、Z 或 1 − Z 变化。'),
    "view_cell_compare": ("Show PyTorch's form beside d2l's (nn.GRU applies the reset gate after "
                          'the matrix product)',
                          '在 d2l 的写法旁边显示 PyTorch 的写法（nn.GRU 在矩阵乘法之后才乘以重置门）'),
    "view_cell_pt_title": ("PyTorch's form (nn.GRU): the reset gate multiplies after the matrix "
                           'product',
                           'PyTorch 的写法（nn.GRU）：重置门乘在矩阵乘法之后'),
    "view_cell_bhn": ('hidden-side bias b_hn',
                      '隐状态一侧的偏置 b_hn'),
    "view_cell_col_d2l": ('d2l (reset before)',
                          'd2l（乘法前重置）'),
    "view_cell_col_pt": ('PyTorch (reset after)',
                         'PyTorch（乘法后重置）'),
    "view_cell_col_diff": ('PyTorch − d2l',
                           'PyTorch − d2l'),
    "view_cell_row_cand": ('candidate H̃_t / n_t',
                           '候选隐状态 H̃_t / n_t'),
    # What a screen reader hears (gru_view_state.js): a view's result after a move, once, and
    # what each drawing shows (the SVGs' descriptions).
    "view_live_one": ('new state H = {h}; candidate H̃ = {h_tilde}',
                      '新的隐状态 H = {h}；候选隐状态 H̃ = {h_tilde}'),
    "view_live_seq": ('final state H = {h}; influence of x_t′ (step {tp}) on it = {infl}',
                      '最终隐状态 H = {h}；x_t′（时间步 {tp}）对它的影响 = {infl}'),
    "view_desc_one": ('Number line from −1 to 1: H(t−1) = {h_prev} (circle), candidate H̃ = '
                      '{h_tilde} (square), new state H = {h} (star); the shaded band, where H̃ '
                      'can go as R runs from 0 to 1, spans {lo} to {hi}.',
                      '从 −1 到 1 的数轴：H(t−1) = {h_prev}（圆点），候选隐状态 H̃ = {h_tilde}（方块），'
                      '新的隐状态 H = {h}（星形）；阴影带是 R 从 0 变到 1 时 H̃ 的取值范围，从 {lo} 到 {hi}。'),
    "view_desc_seq": ('Two charts over steps 0 to {last}: the hidden state H_t, from {h0} at step 0 '
                      'to {h} at the last step; and bars of the influence of each input on the '
                      'final state, largest at step {top} ({most}), {infl} at t′ = {tp}.',
                      '两幅图，时间步 0 到 {last}：隐状态 H_t，从第 0 步的 {h0} 到最后一步的 {h}；'
                      '以及每个输入对最终隐状态的影响（柱状图），最大的在第 {top} 步（{most}），t′ = {tp} 处为 {infl}。'),
    "view_desc_cell": ('Circuit of one GRU step: H(t−1) = {h_prev} and x_t = {x} come in; the '
                       'reset gate R = {r} scales H(t−1) before w_hh; tanh gives the candidate '
                       'H̃_t = {h_tilde}; the update gate Z = {z} keeps Z⊙H(t−1) = {keep} and adds '
                       '(1−Z)⊙H̃_t = {take}: the new state H_t = {h}.',
                       'GRU 一步的电路图：输入 H(t−1) = {h_prev} 和 x_t = {x}；重置门 R = {r} 在乘 w_hh 之前缩放 '
                       'H(t−1)；tanh 给出候选隐状态 H̃_t = {h_tilde}；更新门 Z = {z} 保留 Z⊙H(t−1) = {keep}，'
                       '再加上 (1−Z)⊙H̃_t = {take}：新的隐状态 H_t = {h}。'),
    "view_cell_row_h": ('new state H_t',
                        '新的隐状态 H_t'),
    "view_cell_one_unit": ('Both forms read the same weights (nn.GRU calls w_xh and w_hh W_in and '
                           "W_hn); d2l's single bias b_h is split into b_in + b_hn. With one "
                           'hidden unit, w_hh·(R·H) and R·(w_hh·H) are the same number, so the '
                           "forms differ only through b_hn, which PyTorch's reset gate scales "
                           "too: its tanh input is d2l's a − (1 − R)·b_hn. Set b_hn = 0 or R = 1 "
                           'and they agree; with more than one hidden unit they differ even '
                           'without biases.',
                           '两种写法使用同一组权重（nn.GRU 把 w_xh 和 w_hh 记作 W_in 和 W_hn）；d2l 的偏置 b_h 拆成 b_in '
                           '+ b_hn 两部分。只有一个隐藏单元时，w_hh·(R·H) 与 R·(w_hh·H) 是同一个数，所以两种写法只在 b_hn 上有差别：'
                           'PyTorch 的重置门连这个偏置也一起缩放，它的 tanh 输入等于 d2l 的 a − (1 − R)·b_hn。令 b_hn = 0 '
                           '或 R = 1，两者完全一致；隐藏单元多于一个时，即使没有偏置，两者也不相同。'),
    # The static cell drawings (gru_viz.diagram.cell_diagram): gate captions the live view lacks,
    # and each drawing's title and description (its SVG <title> and <desc>).
    "diagram_gate_f": ('forget gate', '遗忘门'),
    "diagram_gate_i": ('input gate', '输入门'),
    "diagram_gate_o": ('output gate', '输出门'),
    "diagram_gru_title": ("The GRU cell in d2l's form (reset before the matrix product)",
                          'd2l 写法的 GRU 单元（在矩阵乘法之前重置）'),
    # The descriptions follow the flow, not positions: the phone forms draw the same cell top to
    # bottom (tests/test_diagram_captions.py).
    "diagram_gru_desc": ('The previous state H(t−1) comes in and splits in two. On one branch the '
                         'reset gate R multiplies it before the product with w_hh; the input x(t) '
                         'times w_xh plus b_h joins at the sum, and tanh gives the candidate H̃(t). '
                         'The update gate Z keeps Z⊙H(t−1) of the old state, from the other branch, '
                         'and takes (1 − Z)⊙H̃(t) of the candidate; their sum is the new state H(t), '
                         "the cell's output.",
                         '上一隐状态 H(t−1) 进入后分成两路。一路先由重置门 R 与它相乘，再乘以 w_hh；输入 x(t) '
                         '乘以 w_xh 再加上 b_h，在加法节点汇入，经过 tanh 得到候选隐状态 H̃(t)。更新门 Z 从另一路'
                         '保留旧状态的 Z⊙H(t−1)，取候选隐状态的 (1 − Z)⊙H̃(t)，两者之和就是新的隐状态 H(t)，'
                         '也就是这个循环单元的输出。'),
    "diagram_reset_after_title": ("Reset before (d2l, top) and reset after (PyTorch's nn.GRU, "
                                  'bottom) the matrix product',
                                  '在矩阵乘法之前重置（d2l，上）与之后重置（PyTorch 的 nn.GRU，下）'),
    "diagram_reset_after_desc": ("Top: d2l's GRU cell, where the reset gate R multiplies H(t−1) "
                                 'before the product with w_hh. Bottom: the candidate of PyTorch\'s '
                                 'nn.GRU, where H(t−1) is first multiplied by w_hh and the bias b_hn '
                                 'is added, and only then does R multiply the result; the input side '
                                 'w_xh·x(t) + b_in joins at the sum and tanh gives n(t). The update '
                                 'gate mixes old state and candidate in the same way in both.',
                                 '上：d2l 的 GRU 单元，重置门 R 在乘以 w_hh 之前与 H(t−1) 相乘。下：PyTorch 的 '
                                 'nn.GRU 的候选隐状态，H(t−1) 先乘以 w_hh 并加上偏置 b_hn，然后才由 R 与结果相乘；'
                                 '输入一侧的 w_xh·x(t) + b_in 在加法节点汇入，经过 tanh 得到 n(t)。两者用更新门混合'
                                 '旧状态与候选隐状态的方式相同。'),
    "diagram_rnn_title": ('The plain RNN as a reduced GRU: R ≡ 1 and Z ≡ 0',
                          '作为简化 GRU 的普通 RNN：R ≡ 1，Z ≡ 0'),
    "diagram_rnn_desc": ('The GRU cell with both gates greyed and dashed. The reset gate is held '
                         'at 1, so H(t−1) reaches w_hh unscaled; the update gate is held at 0, so '
                         'the wires that keep the old state are greyed too, and the new state is '
                         'the candidate tanh(w_xh·x(t) + w_hh·H(t−1) + b_h).',
                         'GRU 单元的两个门都变灰并画成虚线。重置门固定为 1，H(t−1) 不经缩放直接乘以 w_hh；'
                         '更新门固定为 0，保留旧状态的连线也变灰，新的隐状态就是候选隐状态 '
                         'tanh(w_xh·x(t) + w_hh·H(t−1) + b_h)。'),
    "diagram_update_only_title": ('The update-only GRU: R ≡ 1', '只有更新门的 GRU：R ≡ 1'),
    "diagram_update_only_desc": ('The GRU cell with the reset gate, its control line and its '
                                 'product greyed and dashed: H(t−1) reaches w_hh unscaled. The '
                                 'update gate mixes the old state and the candidate as in the GRU.',
                                 'GRU 单元的重置门、它的控制线和乘法节点都变灰并画成虚线：H(t−1) 不经缩放直接乘以 '
                                 'w_hh。更新门像在 GRU 中一样混合旧状态与候选隐状态。'),
    "diagram_reset_only_title": ('The reset-only GRU: Z ≡ 0', '只有重置门的 GRU：Z ≡ 0'),
    "diagram_reset_only_desc": ('The GRU cell with the update gate and the wires that keep the '
                                'old state greyed and dashed: the new state is the candidate, '
                                'H(t) = H̃(t), which the reset gate shapes as in the GRU.',
                                'GRU 单元的更新门和保留旧状态的连线都变灰并画成虚线：新的隐状态就是候选隐状态，'
                                'H(t) = H̃(t)，重置门像在 GRU 中一样作用于它。'),
    "diagram_mgu_title": ('The minimal gated unit (MGU): one gate F, with R = F and Z = 1 − F',
                          '最小门控单元（MGU）：只有一个门 F，R = F，Z = 1 − F'),
    "diagram_mgu_desc": ("The GRU cell whose reset gate is the forget gate F and whose update "
                         'gate box is greyed and dashed: it has no weights of its own and is '
                         '1 − F. The unit keeps (1 − F)⊙H(t−1) of the old state and takes F⊙H̃(t) '
                         'of the candidate.',
                         'GRU 单元的重置门换成遗忘门 F，更新门的方框变灰并画成虚线：它没有自己的权重，就是 '
                         '1 − F。隐藏单元保留旧状态的 (1 − F)⊙H(t−1)，取候选隐状态的 F⊙H̃(t)。'),
    "diagram_lstm_title": ('The LSTM cell, drawn like the GRU cell',
                           '按 GRU 单元的画法画出的 LSTM 循环单元'),
    "diagram_lstm_desc": ('The memory cell C(t−1) comes in and the forget gate F multiplies it; '
                          'the input gate I adds I⊙C̃(t), where the candidate C̃(t) is the tanh of '
                          'the input and the previous state. The sum is the new cell C(t), one '
                          'output of the cell. A branch of C(t) goes through tanh, and the output '
                          'gate O multiplies it into the hidden state H(t), the other output. The '
                          'three gates and the candidate all read [H(t−1), x(t)] from one input '
                          'line.',
                          '记忆元 C(t−1) 进入后先由遗忘门 F 与它相乘，输入门 I 再加上 I⊙C̃(t)，其中候选记忆元 '
                          'C̃(t) 是输入与上一隐状态经过 tanh 的结果。两者之和就是新的记忆元 C(t)，它是循环单元的'
                          '一个输出。C(t) 分出的一路经过 tanh，再与输出门 O 相乘，得到隐状态 H(t)，即另一个输出。'
                          '三个门和候选记忆元都从同一条输入线读取 [H(t−1), x(t)]。'),
    # The classroom challenges' texts (gru_viz.challenges: "challenge_<id>_" + title, goal,
    # solved, off<i> and more<i> of its i-th condition; challenge_more is the default more).
    "challenge_more": (" (and {n} more)", "（另外还有 {n} 处）"),
    "challenge_candidate_title": ("H equals the candidate",
        "让 H 等于候选隐状态"),
    "challenge_candidate_goal": ("Make the new state H equal the candidate H̃: the step overwrites the old state.",
        "让新的隐状态 H 等于候选隐状态 H̃：这一步用候选值覆盖旧的隐状态。"),
    "challenge_candidate_solved": ("H = H̃ = {Ht} (Z = {z}): the old state H(t−1) = {h_prev} is overwritten.",
        "H = H̃ = {Ht}（Z = {z}）：旧的隐状态 H(t−1) = {h_prev} 被覆盖了。"),
    "challenge_candidate_off0": ("H − H̃ = {value}: H still keeps part of H(t−1) (Z = {z}).",
        "H − H̃ = {value}：H 仍保留着一部分 H(t−1)（Z = {z}）。"),
    "challenge_ignore-state_title": ("H̃ ignores H(t−1)",
        "让 H̃ 不看 H(t−1)"),
    "challenge_ignore-state_goal": ("Make the candidate H̃ ignore the previous state: ∂H̃/∂H(t−1) = 0, so that H̃ stays put "
        "while H(t−1) moves.",
        "让候选隐状态 H̃ 不受上一隐状态的影响：∂H̃/∂H(t−1) = 0，这样拖动 H(t−1) 时 H̃ 纹丝不动。"),
    "challenge_ignore-state_solved": ("∂H̃/∂H(t−1) = 0 (R = {r}): H̃ = {Ht}, whatever H(t−1) is.",
        "∂H̃/∂H(t−1) = 0（R = {r}）：无论 H(t−1) 取什么值，H̃ 都等于 {Ht}。"),
    "challenge_ignore-state_off0": ("H̃ still depends on H(t−1): ∂H̃/∂H(t−1) = {value} (R = {r}).",
        "H̃ 仍然依赖 H(t−1)：∂H̃/∂H(t−1) = {value}（R = {r}）。"),
    "challenge_skip-input_title": ("Skip the input",
        "跳过这一步的输入"),
    "challenge_skip-input_goal": ("Make the new state H ignore the input x: ∂H/∂x = 0, so that the cell skips this step.",
        "让新的隐状态 H 不受输入 x 的影响：∂H/∂x = 0，也就是跳过这一步的输入。"),
    "challenge_skip-input_solved": ("∂H/∂x = 0 (Z = {z}): H = {H}, whatever x is.",
        "∂H/∂x = 0（Z = {z}）：无论 x 取什么值，H 都等于 {H}。"),
    "challenge_skip-input_off0": ("H still depends on x: ∂H/∂x = {value} (Z = {z}).",
        "H 仍然依赖 x：∂H/∂x = {value}（Z = {z}）。"),
    "challenge_tprime_title": ("Remember x_t′ only",
        "只记住 x_t′"),
    "challenge_tprime_goal": ("Make the final state H_{last} depend on x_t′ alone: the influence of every other input "
        "on it exactly 0, that of x_t′ above 0.",
        "让最终的隐状态 H_{last} 只依赖 x_t′：其他每个输入对它的影响都恰好为 0，而 x_t′ 的影响大于 0。"),
    "challenge_tprime_solved": ("only x_{tp} reaches the final state (influence {infl@tp}); the influence of every "
        "other input is exactly 0.",
        "只有 x_{tp} 影响最终的隐状态（影响为 {infl@tp}），其他输入的影响都恰好为 0。"),
    "challenge_tprime_off0": ("x_{t} still reaches the final state: its influence is {value}{more}.",
        "x_{t} 仍然影响最终的隐状态：它的影响为 {value}{more}。"),
    "challenge_tprime_more0": (" (and {n} more inputs)",
        "（另外还有 {n} 个输入也是如此）"),
    "challenge_tprime_off1": ("x_{t} does not reach the final state either: its influence is {value}.",
        "x_{t} 也不再影响最终的隐状态：它的影响为 {value}。"),
    "challenge_plain-rnn_title": ("A plain RNN",
        "变成普通的 RNN"),
    "challenge_plain-rnn_goal": ("Make the GRU a plain RNN: Z = 0 and R = 1 at every step, so that H_t = tanh(w_xh·x_t + "
        "w_hh·H_t−1 + b_h).",
        "把 GRU 变成普通的循环神经网络（RNN）：每个时间步都令 Z = 0、R = 1，于是 H_t = tanh(w_xh·x_t + w_hh·H_t−1 + b_h)。"),
    "challenge_plain-rnn_solved": ("Z = 0 and R = 1 at all {T} steps: every H_t is its candidate, and H_{last} = {H@last}.",
        "全部 {T} 个时间步都是 Z = 0、R = 1：每个 H_t 都等于它的候选隐状态，H_{last} = {H@last}。"),
    "challenge_plain-rnn_off0": ("Z_{t} = {value}, not 0{more}: the update gate still keeps part of the old state.",
        "Z_{t} = {value}，不是 0{more}：更新门仍保留着一部分旧的隐状态。"),
    "challenge_plain-rnn_more0": (" (and at {n} more steps)",
        "（另有 {n} 个时间步也是如此）"),
    "challenge_plain-rnn_off1": ("R_{t} = {value}, not 1{more}: the reset gate still hides part of H_t−1 from the "
        "candidate.",
        "R_{t} = {value}，不是 1{more}：重置门仍让候选隐状态看不到一部分 H_t−1。"),
    "challenge_plain-rnn_more1": (" (and at {n} more steps)",
        "（另有 {n} 个时间步也是如此）"),
    "challenge_freeze_title": ("Freeze the state from step k on",
        "从时间步 k 起冻结隐状态"),
    "challenge_freeze_goal": ("Freeze the state from step {k} on, and not before: H_t = H_{k1} for every t ≥ {k}, "
        "whatever the inputs are, while step {k1} still changes it.",
        "从时间步 {k} 起冻结隐状态，但不能更早：对所有 t ≥ {k}，都有 H_t = H_{k1}，无论输入是什么；而时间步 {k1} 仍要改变隐状态。"),
    "challenge_freeze_solved": ("H_t = H_{k1} = {H@k1} for every t ≥ {k}, and step {k1} still moved it by {move@k1}: "
        "from step {k} on, Z = 1 copies the state, step after step.",
        "对所有 t ≥ {k}，H_t = H_{k1} = {H@k1}，而时间步 {k1} 仍让它变化了 {move@k1}：从时间步 {k} 起，Z = 1 "
        "把隐状态一步一步原样复制下去。"),
    "challenge_freeze_off0": ("H_{t} − H_{k1} = {value}: the state still moves after step {k1}{more}.",
        "H_{t} − H_{k1} = {value}：时间步 {k1} 之后隐状态仍在变化{more}。"),
    "challenge_freeze_more0": (" (and at {n} more steps)",
        "（另有 {n} 个时间步也是如此）"),
    "challenge_freeze_off1": ("the state stops changing too early: step {k1} leaves it as it was (H_{k1} = {H@k1}), "
        "but the freeze should start at step {k}.",
        "隐状态冻结得太早了：时间步 {k1} 没有改变它（H_{k1} = {H@k1}），而冻结应当从时间步 {k} 才开始。"),
    "challenge_reset_title": ("Reset at a break",
        "在断点处重置"),
    "challenge_reset_goal": ("Reset at a break at step {k}: make H_{k} ignore everything before step {k}, that is "
        "∂H_{k}/∂H_{k1} = 0.",
        "在时间步 {k} 处重置：让 H_{k} 完全不受时间步 {k} 之前一切的影响，即 ∂H_{k}/∂H_{k1} = 0。"),
    "challenge_reset_solved": ("∂H_{k}/∂H_{k1} = 0 (Z_{k} = {Z@k}, R_{k} = {R@k}): H_{k} = {H@k} comes from x_{k} "
        "alone, and no input before step {k} reaches it or any later state.",
        "∂H_{k}/∂H_{k1} = 0（Z_{k} = {Z@k}，R_{k} = {R@k}）：H_{k} = {H@k} 只由 x_{k} 算出，时间步 {k} "
        "之前的输入既影响不到它，也影响不到之后的任何隐状态。"),
    "challenge_reset_off0": ("H_{k} still depends on H_{k1}: |∂H_{k}/∂H_{k1}| = {value} (Z_{k} = {Z@k}, R_{k} = {R@k}).",
        "H_{k} 仍然依赖 H_{k1}：|∂H_{k}/∂H_{k1}| = {value}（Z_{k} = {Z@k}，R_{k} = {R@k}）。"),
    "challenge_leak_title": ("Carry x_0 to the end",
        "把 x_0 带到最后"),
    "challenge_leak_goal": ("Carry x_0 to the end while Z ≤ 0.95 at every step: x_0's influence on the final state "
        "must be at least half its influence on H_0, |∂H_{last}/∂x_0| ≥ 0.5 · |∂H_0/∂x_0|. "
        "There is no exact answer: with Z < 1, every step lets part of the memory leak away.",
        "在每个时间步都满足 Z ≤ 0.95 的前提下，把 x_0 带到最后：x_0 对最终隐状态的影响至少要有它对 H_0 的影响的一半，即 |∂H_{last}/∂x_0| ≥ "
        "0.5 · |∂H_0/∂x_0|。这道题没有精确解：只要 Z < 1，每一步都会漏掉一部分记忆。"),
    "challenge_leak_solved": ("x_0's influence on the final state is {keep@0} times its influence on H_0 ({infl@0} / "
        "{self@0}), with Z ≤ {zmax} at every step. With R = 0 a step keeps only the fraction Z: "
        "at Z = 0.95 that is 0.95^{last} = {leak95} after {last} steps.",
        "x_0 对最终隐状态的影响是它对 H_0 的影响的 {keep@0} 倍（{infl@0} / {self@0}），且每个时间步都有 Z ≤ {zmax}。若 R = "
        "0，每一步只保留比例 Z：Z = 0.95 时，经过 {last} 步只剩 0.95^{last} = {leak95}。"),
    "challenge_leak_off0": ("Z_{t} = {value} is above {limit}{more}.",
        "Z_{t} = {value}，超过了 {limit}{more}。"),
    "challenge_leak_more0": (" (and at {n} more steps)",
        "（另有 {n} 个时间步也超过了）"),
    "challenge_leak_off1": ("x_0's influence on the final state is only {value} times its influence on H_0 (at "
        "least {limit} needed): |∂H_{last}/∂x_0| = {infl@0}, |∂H_0/∂x_0| = {self@0}.",
        "x_0 对最终隐状态的影响只有它对 H_0 的影响的 {value} 倍（至少需要 {limit} 倍）：|∂H_{last}/∂x_0| = "
        "{infl@0}，|∂H_0/∂x_0| = {self@0}。"),
    # d2l's progress board (ProgressBoard) names its series and its x axis in English; on a
    # Chinese page gru_viz.figure_text.relabel_d2l writes these instead (keys "d2l_board:" + name).
    "d2l_board:train_loss": ("train_loss", "训练损失"),
    "d2l_board:val_loss": ("val_loss", "验证损失"),
    "d2l_board:train_ppl": ("train_ppl", "训练困惑度"),
    "d2l_board:val_ppl": ("val_ppl", "验证困惑度"),
    "d2l_board:epoch": ("epoch", "轮"),
    # The book's interface (book/_ext/gru_book_zh.py): every English string of Sphinx, myst-nb and
    # the themes that a page can show, keyed "book_ui:" + the exact string the packages write
    # (gettext message ids, myst-nb's prompts after "{type}" is filled in, JavaScript strings).
    # myst-nb: the summary line of a hidden cell (tags hide-input, hide-output, hide-cell)
    "book_ui:Show code cell source": ("Show code cell source", "显示代码"),
    "book_ui:Hide code cell source": ("Hide code cell source", "隐藏代码"),
    "book_ui:Show code cell output": ("Show code cell output", "显示输出"),
    "book_ui:Hide code cell output": ("Hide code cell output", "隐藏输出"),
    "book_ui:Show code cell outputs": ("Show code cell outputs", "显示输出"),
    "book_ui:Hide code cell outputs": ("Hide code cell outputs", "隐藏输出"),
    "book_ui:Show code cell content": ("Show code cell content", "显示代码单元格"),
    "book_ui:Hide code cell content": ("Hide code cell content", "隐藏代码单元格"),
    "book_ui:Toggle hidden content": ("Toggle hidden content", "显示或隐藏内容"),
    # sphinx-togglebutton: the hint of a dropdown admonition (the exercises' solutions)
    "book_ui:Click to show": ("Click to show", "点击显示"),
    "book_ui:Click to hide": ("Click to hide", "点击隐藏"),
    # sphinx-copybutton (its JavaScript messages)
    "book_ui:Copy": ("Copy", "复制"),
    "book_ui:Copy to clipboard": ("Copy to clipboard", "复制到剪贴板"),
    "book_ui:Copied!": ("Copied!", "已复制"),
    "book_ui:Failed to copy": ("Failed to copy", "复制失败"),
    # sphinx-book-theme: header buttons, page table of contents, footer
    "book_ui:Contents": ("Contents", "目录"),
    "book_ui:Search this book...": ("Search this book...", "搜索本书……"),
    "book_ui:Search...": ("Search...", "搜索……"),
    "book_ui:Print to PDF": ("Print to PDF", "打印为 PDF"),
    "book_ui:Download this page": ("Download this page", "下载本页"),
    "book_ui:Download source file": ("Download source file", "下载源文件"),
    "book_ui:Download notebook file": ("Download notebook file", "下载 Jupyter 笔记本"),
    "book_ui:Fullscreen mode": ("Fullscreen mode", "全屏模式"),
    "book_ui:Launch interactive content": ("Launch interactive content", "在线运行本页"),
    "book_ui:Colab logo": ("Colab logo", "Colab 标志"),
    "book_ui:Launch on Colab": ("Launch on Colab", "在 Colab 中打开"),
    "book_ui:Launch on Binder": ("Launch on Binder", "在 Binder 中打开"),
    "book_ui:Launch on JupyterHub": ("Launch on JupyterHub", "在 JupyterHub 中打开"),
    "book_ui:Launch on Deepnote": ("Launch on Deepnote", "在 Deepnote 中打开"),
    "book_ui:Launch Thebe": ("Launch Thebe", "在页面中运行代码（Thebe）"),
    "book_ui:Live Code": ("Live Code", "运行代码"),
    "book_ui:Source repository": ("Source repository", "源代码仓库"),
    "book_ui:Repository": ("Repository", "代码仓库"),
    "book_ui:Open an issue": ("Open an issue", "在 GitHub 上提交问题"),
    "book_ui:Open issue": ("Open issue", "提交问题"),
    "book_ui:Suggest edit": ("Suggest edit", "建议修改"),
    "book_ui:Show source": ("Show source", "查看源文件"),
    "book_ui:Toggle primary sidebar": ("Toggle primary sidebar", "显示或隐藏左侧目录"),
    "book_ui:Toggle secondary sidebar": ("Toggle secondary sidebar", "显示或隐藏本页目录"),
    "book_ui:By": ("By", "作者"),
    # pydata-sphinx-theme and Sphinx's basic templates
    "book_ui:Skip to main content": ("Skip to main content", "跳到正文"),
    # book/_ext/gru_book.py: the second skip link, on pages with a live view
    "book_ui:Skip to the interactive view": ("Skip to the interactive view", "跳到交互演示"),
    "book_ui:Back to top": ("Back to top", "回到顶部"),
    "book_ui:Search": ("Search", "搜索"),
    "book_ui:Search the docs ...": ("Search the docs ...", "搜索文档……"),
    "book_ui:On this page": ("On this page", "本页内容"),
    "book_ui:previous": ("previous", "上一页"),
    "book_ui:next": ("next", "下一页"),
    "book_ui:previous page": ("previous page", "上一页"),
    "book_ui:next page": ("next page", "下一页"),
    "book_ui:Site navigation": ("Site navigation", "全书导航"),
    "book_ui:Section Navigation": ("Section Navigation", "本章导航"),
    "book_ui:Main": ("Main", "主要内容"),
    "book_ui:Page": ("Page", "本页"),
    "book_ui:Source repositories": ("Source repositories", "源代码仓库"),
    "book_ui:Breadcrumb": ("Breadcrumb", "导航路径"),
    "book_ui:Home": ("Home", "首页"),
    "book_ui:Color mode": ("Color mode", "配色"),
    "book_ui:Light": ("Light", "浅色"),
    "book_ui:Dark": ("Dark", "深色"),
    "book_ui:System Settings": ("System Settings", "跟随系统"),
    "book_ui:Version warning": ("Version warning", "版本提示"),
    "book_ui:Announcement": ("Announcement", "公告"),
    "book_ui:Index": ("Index", "索引"),
    "book_ui:General Index": ("General Index", "总索引"),
    "book_ui:Show Source": ("Show Source", "查看源文件"),
    "book_ui:Expand Sidebar": ("Expand Sidebar", "展开侧边栏"),
    "book_ui:Collapse Sidebar": ("Collapse Sidebar", "收起侧边栏"),
    "book_ui:© Copyright %(copyright)s.": ("© Copyright %(copyright)s.", "© 版权所有 %(copyright)s。"),
    "book_ui:Created using %(sphinx_web)s %(sphinx_version)s.":
        ("Created using %(sphinx_web)s %(sphinx_version)s.", "使用 %(sphinx_web)s %(sphinx_version)s 创建。"),
    # Sphinx's HTML writer: permalinks and the labels of admonitions without a title
    "book_ui:Link to this heading": ("Link to this heading", "链接到本标题"),
    "book_ui:Link to this code": ("Link to this code", "链接到本段代码"),
    "book_ui:Link to this image": ("Link to this image", "链接到本图"),
    "book_ui:Link to this table": ("Link to this table", "链接到本表"),
    "book_ui:Link to this equation": ("Link to this equation", "链接到本公式"),
    "book_ui:Link to this definition": ("Link to this definition", "链接到本定义"),
    "book_ui:Attention": ("Attention", "注意"),
    "book_ui:Caution": ("Caution", "当心"),
    "book_ui:Danger": ("Danger", "危险"),
    "book_ui:Error": ("Error", "错误"),
    "book_ui:Hint": ("Hint", "提示"),
    "book_ui:Important": ("Important", "重要"),
    "book_ui:Note": ("Note", "注"),
    "book_ui:See also": ("See also", "参见"),
    "book_ui:Tip": ("Tip", "技巧"),
    "book_ui:Todo": ("Todo", "待办"),
    "book_ui:Warning": ("Warning", "警告"),
}

_state = {"requested": "en", "effective": "en", "font": None, "warned": False}

def set_language(lang: str) -> str:
    """Choose the language of every label, title and widget description: ``"en"`` or ``"zh"``.

    For ``"zh"`` a CJK font is registered with matplotlib (Latin text keeps DejaVu Sans): the
    machine's own if it has one, otherwise the subset of Noto Sans CJK SC that gru_viz ships. If
    neither can be had, prints one notice and falls back to English labels. Returns the language
    actually used for labels.
    """
    _checks.choice("lang", lang, LANGUAGES)
    _state["requested"] = lang
    if lang == "zh":
        family = cjk_font.find_cjk_font()
        if family is None:
            if not _state["warned"]:
                print("gru_viz: no CJK font found (not even gru_viz's own, "
                      f"{cjk_font.BUNDLED_FONT.name}), so plot labels stay in English "
                      "(install one, e.g. `apt-get install fonts-noto-cjk`). / "
                      "未找到中文字体，图中标签使用英文。")
                _state["warned"] = True
            _state["effective"] = "en"
            return "en"
        _state["font"] = cjk_font.use(family)
    _state["effective"] = lang
    # Every figure a notebook shows from now on: d2l's board names in this language, and a
    # description of the figure in the output's metadata (the book's alt text).
    from . import figure_text

    figure_text.install()
    return lang


def get_language() -> str:
    """The language used for labels now (``"en"`` unless :func:`set_language` chose Chinese and a
    CJK font exists)."""
    return _state["effective"]


def requested_language() -> str:
    """The language the last :func:`set_language` asked for (``"en"`` before any call), even
    where plots fall back to English for want of a CJK font: what HTML views, which need no
    font, should speak."""
    return _state["requested"]


def both(key: str) -> dict:
    """The label ``key`` in every language, ``{"en": …, "zh": …}``: the shape the pages' scripts
    read."""
    if key not in TEXT:
        raise ValueError(f"key: expected one of the label keys in gru_viz.lang.TEXT, got {key!r}")
    return dict(zip(LANGUAGES, TEXT[key]))


def section(prefix: str, lang: str) -> dict:
    """Every label whose key starts with ``prefix``, in ``lang``, by the rest of its key
    (``section("view_", "zh")["copy"]`` is ``text("view_copy", "zh")``)."""
    lang = _checks.choice("lang", lang, LANGUAGES)
    return {key[len(prefix):]: dict(zip(LANGUAGES, texts)).get(lang)
            for key, texts in TEXT.items() if key.startswith(prefix)}


def untranslated(table: dict | None = None) -> list[str]:
    """The keys of ``table`` (default :data:`gru_viz.lang.TEXT`) that lack a text in one of the
    :data:`gru_viz.lang.LANGUAGES` (an entry that is not one non-empty string per language)."""
    table = TEXT if table is None else table
    return [key for key, texts in table.items()
            if not isinstance(texts, tuple) or len(texts) != len(LANGUAGES)
            or not all(isinstance(t, str) and t.strip() for t in texts)]


def text(key: str, lang: str | None = None) -> str:
    """The label ``key`` (see ``gru_viz.lang.TEXT``) in ``lang`` (default: the current language)."""
    if key not in TEXT:
        raise ValueError(f"key: expected one of the label keys in gru_viz.lang.TEXT, got {key!r}")
    lang = get_language() if lang is None else _checks.choice("lang", lang, LANGUAGES)
    return TEXT[key][LANGUAGES.index(lang)]
