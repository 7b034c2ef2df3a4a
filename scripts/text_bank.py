"""Sentence banks and slot-filling templates for MedCurate's synthetic corpora.

All text in this module was written for MedCurate (Apache-2.0); none is copied from other sources.
Templates use two kinds of markup: ``{slot}`` is filled from the document's vocabulary (diseases,
symptoms, drugs, exams, cities, numbers, ...) and ``[a|b|]`` picks one alternative (possibly empty),
so a template yields many surface forms and two random documents share few 5-grams.

Public API: ``compose_document(rng, lang, domain, topic=None, n_sentences=None) -> str``;
``compose(...)`` returns a ``Composed`` (blocks of sentences, title, context) for callers that edit
documents (near-duplicates) or need titles; ``compose_mixed_document(rng)`` gives Chinese medical text
with English terms (CT, MRI, HbA1c, COVID-19).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

LANGS = ("zh", "en")
DOMAINS = ("medical", "general")

# key|display name|diseases|symptoms|drugs|exams|body parts (items separated by ",")
_ZH_MED = """
cardiology|心血管内科|高血压,冠心病,心房颤动,慢性心力衰竭,急性心肌梗死,病毒性心肌炎,高脂血症,室性早搏|胸闷,心悸,胸痛,气短,头晕,夜间憋醒,下肢水肿,乏力|阿司匹林,氨氯地平,美托洛尔,阿托伐他汀,缬沙坦,氯吡格雷,呋塞米,硝酸甘油|心电图,动态心电图,心脏彩超,冠状动脉CT血管成像,冠状动脉造影,血脂四项,肌钙蛋白,脑钠肽|心脏,冠状动脉,左心室,颈动脉,主动脉
respiratory|呼吸内科|社区获得性肺炎,慢性阻塞性肺疾病,支气管哮喘,急性支气管炎,肺结节,支气管扩张,阻塞性睡眠呼吸暂停,肺栓塞|咳嗽,咳痰,喘息,发热,胸痛,呼吸困难,咯血,夜间打鼾|布地奈德,沙丁胺醇,噻托溴铵,阿莫西林克拉维酸钾,左氧氟沙星,孟鲁司特,氨溴索,乙酰半胱氨酸|胸部CT,胸片,肺功能检查,血气分析,痰培养,支气管镜,多导睡眠监测,D-二聚体|肺部,支气管,胸膜,气管,咽喉
gastroenterology|消化内科|慢性胃炎,胃食管反流病,消化性溃疡,幽门螺杆菌感染,肠易激综合征,脂肪肝,溃疡性结肠炎,急性胰腺炎|反酸,烧心,上腹痛,腹胀,腹泻,便秘,恶心,黑便|奥美拉唑,雷贝拉唑,铝碳酸镁,莫沙必利,枸橼酸铋钾,双歧杆菌,美沙拉嗪,蒙脱石散|胃镜,肠镜,碳13呼气试验,腹部B超,肝功能,粪便隐血试验,腹部增强CT|胃,十二指肠,结肠,肝脏,胰腺,食管
neurology|神经内科|偏头痛,缺血性脑卒中,帕金森病,癫痫,阿尔茨海默病,周围神经病变,面神经炎,紧张型头痛|头痛,眩晕,肢体麻木,手抖,记忆力下降,言语不清,失眠,口角歪斜|丁苯酞,左旋多巴,丙戊酸钠,多奈哌齐,甲钴胺,布洛芬,氟桂利嗪,阿替普酶|头颅MRI,头颅CT,脑电图,肌电图,颈动脉超声,腰椎穿刺,经颅多普勒|大脑,小脑,脊髓,面神经,颈椎
endocrinology|内分泌科|2型糖尿病,1型糖尿病,甲状腺功能亢进症,甲状腺功能减退症,甲状腺结节,骨质疏松症,痛风,多囊卵巢综合征|口渴,多尿,体重下降,怕热多汗,乏力,关节红肿,月经紊乱,手脚发凉|二甲双胍,甘精胰岛素,达格列净,甲巯咪唑,左甲状腺素钠,阿仑膦酸钠,非布司他,阿卡波糖|空腹血糖,糖化血红蛋白（HbA1c）,口服葡萄糖耐量试验,甲状腺功能五项,甲状腺彩超,骨密度,血尿酸|甲状腺,胰岛,肾上腺,垂体,足部
pediatrics|儿科|手足口病,小儿肺炎,急性喉炎,小儿腹泻,幼儿急疹,过敏性鼻炎,缺铁性贫血,热性惊厥|发热,咳嗽,流涕,皮疹,呕吐,食欲差,哭闹,精神差|布洛芬混悬液,对乙酰氨基酚,口服补液盐,蒙脱石散,阿莫西林颗粒,维生素D滴剂,雾化布地奈德,蔗糖铁|血常规,C反应蛋白,胸片,咽拭子,微量元素检测,骨龄片,大便常规|咽喉,扁桃体,气道,肠道,皮肤
obgyn|妇产科|妊娠期糖尿病,子宫肌瘤,多囊卵巢综合征,宫颈炎,卵巢囊肿,先兆流产,产后出血,妊娠期高血压|月经量多,下腹痛,白带异常,阴道出血,痛经,孕吐,腰酸,胎动减少|叶酸,黄体酮,地屈孕酮,硫酸镁,缩宫素,甲硝唑,拉贝洛尔,琥珀酸亚铁|盆腔B超,HPV检测,宫颈TCT,糖耐量试验,胎心监护,性激素六项,阴道镜|子宫,卵巢,宫颈,输卵管,胎盘
oncology|肿瘤科|肺癌,乳腺癌,结直肠癌,胃癌,肝细胞癌,鼻咽癌,淋巴瘤,甲状腺癌|消瘦,乏力,持续咳嗽,无痛性肿块,便血,食欲减退,骨痛,声音嘶哑|顺铂,紫杉醇,奥希替尼,曲妥珠单抗,卡培他滨,帕博利珠单抗,来曲唑,贝伐珠单抗|PET-CT,病理活检,肿瘤标志物,增强CT,基因检测,骨扫描,乳腺钼靶|淋巴结,乳腺,肺叶,肝脏,结肠
dermatology|皮肤科|湿疹,银屑病,荨麻疹,痤疮,带状疱疹,白癜风,脂溢性皮炎,足癣|瘙痒,红斑,脱屑,丘疹,水疱,色素脱失,灼痛,皮肤干燥|氯雷他定,卤米松乳膏,他克莫司软膏,阿昔洛韦,异维A酸,阿达帕林凝胶,特比萘芬,炉甘石洗剂|皮肤镜,真菌镜检,斑贴试验,过敏原检测,伍德灯检查,皮肤活检|面部,手背,头皮,躯干,足底
psychiatry|精神心理科|抑郁症,广泛性焦虑障碍,失眠障碍,双相情感障碍,强迫症,惊恐障碍,创伤后应激障碍,注意缺陷多动障碍|情绪低落,兴趣减退,入睡困难,早醒,心慌,反复洗手,注意力不集中,坐立不安|舍曲林,艾司西酞普兰,文拉法辛,喹硫平,碳酸锂,右佐匹克隆,丁螺环酮,哌甲酯|汉密尔顿抑郁量表,焦虑自评量表,PHQ-9问卷,多导睡眠监测,心理访谈,甲状腺功能|情绪,睡眠,认知功能,食欲,社会功能
ophthalmology|眼科|近视,白内障,青光眼,干眼症,糖尿病视网膜病变,结膜炎,黄斑变性,弱视|视力下降,眼干,眼红,眼痛,视物模糊,畏光,流泪,视野缺损|阿托品滴眼液,玻璃酸钠滴眼液,拉坦前列素,左氧氟沙星滴眼液,雷珠单抗,妥布霉素地塞米松滴眼液|视力检查,眼压测量,眼底照相,光学相干断层扫描（OCT）,裂隙灯检查,角膜地形图|眼底,晶状体,角膜,视网膜,视神经
ent|耳鼻喉科|慢性鼻窦炎,过敏性鼻炎,中耳炎,突发性耳聋,慢性咽炎,扁桃体炎,声带息肉,耳石症|鼻塞,流涕,耳鸣,听力下降,咽痛,声音嘶哑,打喷嚏,耳闷|糠酸莫米松鼻喷雾剂,西替利嗪,头孢呋辛,甲泼尼龙,生理盐水洗鼻,西地碘含片|纯音测听,鼻内镜,喉镜,鼻窦CT,声导抗,前庭功能检查|鼻腔,鼻窦,中耳,咽部,声带
stomatology|口腔科|龋齿,牙周炎,智齿冠周炎,复发性口腔溃疡,牙髓炎,颞下颌关节紊乱病,牙龈炎,错颌畸形|牙痛,牙龈出血,口臭,牙齿松动,冷热敏感,张口受限,口腔溃疡,关节弹响|甲硝唑,布洛芬,复方氯己定含漱液,西吡氯铵含漱液,阿莫西林,氟化物涂料|口腔全景片,牙周探诊,根尖片,口腔CBCT,咬合检查|牙龈,牙髓,智齿,颞下颌关节,口腔黏膜
orthopedics|骨科|腰椎间盘突出症,颈椎病,膝骨关节炎,肩周炎,桡骨远端骨折,骨质疏松性骨折,腱鞘炎,半月板损伤|腰痛,颈肩痛,膝关节痛,下肢放射痛,关节僵硬,活动受限,肿胀,手指麻木|塞来昔布,双氯芬酸钠,氨基葡萄糖,乙哌立松,甲钴胺,洛索洛芬钠,骨化三醇|X线片,腰椎MRI,膝关节MRI,骨密度,关节镜,神经传导检查|腰椎,颈椎,膝关节,肩关节,髋关节
tcm|中医科|脾胃虚弱,肝郁气滞,气血两虚,湿热内蕴,风寒感冒,肾阳虚,阴虚火旺,痰湿体质|食少便溏,胁肋胀痛,面色萎黄,口苦口黏,恶寒无汗,腰膝酸软,手足心热,倦怠乏力|四君子汤,逍遥散,八珍汤,荆防败毒散,金匮肾气丸,六味地黄丸,参苓白术散,二陈汤|舌诊,脉诊,体质辨识,四诊合参,经络检测|脾胃,肝经,肾,舌苔,脉象
emergency|急诊科|急性中毒,过敏性休克,中暑,急性心肌梗死,创伤性出血,低血糖昏迷,急性阑尾炎,一氧化碳中毒|意识不清,大汗淋漓,剧烈腹痛,呼吸急促,抽搐,血压下降,面色苍白,呕吐|肾上腺素,纳洛酮,葡萄糖注射液,甘露醇,地塞米松,生理盐水,阿托品|床旁心电图,血气分析,急诊生化,床旁超声,头颅CT,毒物筛查|气道,静脉通路,颈椎,腹部,四肢
infectious|感染科|流行性感冒,新型冠状病毒感染（COVID-19）,慢性乙型肝炎,肺结核,带状疱疹,细菌性痢疾,登革热,诺如病毒胃肠炎|发热,寒战,咽痛,肌肉酸痛,腹泻,黄疸,盗汗,皮疹|奥司他韦,恩替卡韦,替诺福韦,异烟肼,利福平,阿昔洛韦,头孢曲松,奈玛特韦/利托那韦|核酸检测,抗原检测,乙肝五项,HBV-DNA定量,结核菌素试验,血培养,胸部CT|肝脏,肺部,呼吸道,肠道,血液
"""

_EN_MED = """
cardiology|cardiology|hypertension,coronary artery disease,atrial fibrillation,chronic heart failure,acute myocardial infarction,viral myocarditis,hyperlipidemia,premature ventricular contractions|chest tightness,palpitations,chest pain,shortness of breath,dizziness,night-time breathlessness,ankle swelling,fatigue|aspirin,amlodipine,metoprolol,atorvastatin,valsartan,clopidogrel,furosemide,nitroglycerin|ECG,Holter monitoring,echocardiography,coronary CT angiography,coronary angiography,lipid testing,troponin testing,BNP testing|heart,coronary arteries,left ventricle,carotid arteries,aorta
respiratory|respiratory medicine|community-acquired pneumonia,COPD,asthma,acute bronchitis,pulmonary nodules,bronchiectasis,obstructive sleep apnea,pulmonary embolism|persistent cough,sputum production,wheezing,fever,pleuritic chest pain,breathlessness,coughing up blood,loud snoring|budesonide,salbutamol,tiotropium,amoxicillin-clavulanate,levofloxacin,montelukast,ambroxol,acetylcysteine|chest CT,chest X-ray,spirometry,arterial blood gas analysis,sputum culture,bronchoscopy,polysomnography,D-dimer testing|lungs,airways,pleura,trachea,throat
gastroenterology|gastroenterology|chronic gastritis,gastroesophageal reflux disease,peptic ulcer disease,Helicobacter pylori infection,irritable bowel syndrome,fatty liver disease,ulcerative colitis,acute pancreatitis|acid regurgitation,heartburn,upper abdominal pain,bloating,diarrhea,constipation,nausea,black stools|omeprazole,rabeprazole,hydrotalcite,mosapride,bismuth potassium citrate,bifidobacterium,mesalazine,montmorillonite powder|gastroscopy,colonoscopy,urea breath testing,abdominal ultrasound,liver function testing,fecal occult blood testing,contrast-enhanced abdominal CT|stomach,duodenum,colon,liver,pancreas,esophagus
neurology|neurology|migraine,ischemic stroke,Parkinson's disease,epilepsy,Alzheimer's disease,peripheral neuropathy,Bell's palsy,tension-type headache|headache,vertigo,limb numbness,tremor,memory loss,slurred speech,insomnia,facial drooping|butylphthalide,levodopa,valproate,donepezil,mecobalamin,ibuprofen,flunarizine,alteplase|brain MRI,head CT,electroencephalography,electromyography,carotid ultrasound,lumbar puncture,transcranial Doppler|brain,cerebellum,spinal cord,facial nerve,cervical spine
endocrinology|endocrinology|type 2 diabetes,type 1 diabetes,hyperthyroidism,hypothyroidism,thyroid nodules,osteoporosis,gout,polycystic ovary syndrome|excessive thirst,frequent urination,weight loss,heat intolerance,tiredness,red swollen joints,irregular periods,cold hands and feet|metformin,insulin glargine,dapagliflozin,methimazole,levothyroxine,alendronate,febuxostat,acarbose|fasting glucose,HbA1c testing,oral glucose tolerance testing,thyroid function testing,thyroid ultrasound,bone densitometry,serum uric acid|thyroid,pancreas,adrenal glands,pituitary,feet
pediatrics|pediatrics|hand-foot-and-mouth disease,childhood pneumonia,croup,acute gastroenteritis,roseola,allergic rhinitis,iron-deficiency anemia,febrile seizures|fever,barking cough,runny nose,rash,vomiting,poor appetite,irritability,lethargy|ibuprofen suspension,paracetamol,oral rehydration salts,zinc syrup,amoxicillin granules,vitamin D drops,nebulized budesonide,iron drops|complete blood count,C-reactive protein,chest X-ray,throat swab,stool examination,bone age X-ray,hemoglobin testing|throat,tonsils,airway,gut,skin
obgyn|obstetrics and gynecology|gestational diabetes,uterine fibroids,polycystic ovary syndrome,cervicitis,ovarian cysts,threatened miscarriage,postpartum hemorrhage,preeclampsia|heavy periods,lower abdominal pain,abnormal discharge,vaginal bleeding,painful periods,morning sickness,lower back ache,reduced fetal movement|folic acid,progesterone,dydrogesterone,magnesium sulfate,oxytocin,metronidazole,labetalol,ferrous sulfate|pelvic ultrasound,HPV testing,cervical cytology,glucose tolerance testing,fetal heart monitoring,hormone panels,colposcopy|uterus,ovaries,cervix,fallopian tubes,placenta
oncology|oncology|lung cancer,breast cancer,colorectal cancer,gastric cancer,hepatocellular carcinoma,nasopharyngeal carcinoma,lymphoma,thyroid cancer|unexplained weight loss,fatigue,persistent cough,painless lumps,rectal bleeding,loss of appetite,bone pain,hoarseness|cisplatin,paclitaxel,osimertinib,trastuzumab,capecitabine,pembrolizumab,letrozole,bevacizumab|PET-CT,core needle biopsy,tumor marker testing,contrast CT,genetic testing,bone scintigraphy,mammography|lymph nodes,breast,lung,liver,colon
dermatology|dermatology|eczema,psoriasis,chronic urticaria,acne,shingles,vitiligo,seborrheic dermatitis,athlete's foot|itching,red patches,scaling,small bumps,blisters,patches of lost pigment,burning pain,dry skin|loratadine,halometasone cream,tacrolimus ointment,acyclovir,isotretinoin,adapalene gel,terbinafine,calamine lotion|dermoscopy,fungal microscopy,patch testing,allergen testing,Wood's lamp examination,skin biopsy|face,back of the hands,scalp,trunk,soles
psychiatry|psychiatry|major depression,generalized anxiety disorder,chronic insomnia,bipolar disorder,obsessive-compulsive disorder,panic disorder,post-traumatic stress disorder,ADHD|low mood,loss of interest,trouble falling asleep,early waking,racing heart,repeated hand washing,poor concentration,restlessness|sertraline,escitalopram,venlafaxine,quetiapine,lithium,eszopiclone,buspirone,methylphenidate|PHQ-9 screening,GAD-7 screening,structured interviews,sleep diaries,polysomnography,thyroid function testing|mood,sleep,cognition,appetite,daily functioning
ophthalmology|ophthalmology|myopia,cataract,glaucoma,dry eye disease,diabetic retinopathy,conjunctivitis,macular degeneration,amblyopia|blurred vision,dry eyes,red eyes,eye pain,halos around lights,light sensitivity,watery eyes,loss of side vision|atropine eye drops,sodium hyaluronate drops,latanoprost,levofloxacin eye drops,ranibizumab,tobramycin-dexamethasone drops|visual acuity testing,tonometry,fundus photography,optical coherence tomography,slit-lamp examination,corneal topography|retina,lens,cornea,optic nerve,macula
ent|ENT|chronic sinusitis,allergic rhinitis,otitis media,sudden hearing loss,chronic pharyngitis,tonsillitis,vocal cord polyps,benign positional vertigo|nasal congestion,runny nose,tinnitus,hearing loss,sore throat,hoarseness,sneezing,ear fullness|mometasone nasal spray,cetirizine,cefuroxime,methylprednisolone,saline nasal irrigation,throat lozenges|pure-tone audiometry,nasal endoscopy,laryngoscopy,sinus CT,tympanometry,vestibular testing|nasal cavity,sinuses,middle ear,pharynx,vocal cords
stomatology|oral medicine|dental caries,periodontitis,pericoronitis,recurrent mouth ulcers,pulpitis,temporomandibular joint disorder,gingivitis,malocclusion|toothache,bleeding gums,bad breath,loose teeth,sensitivity to cold,limited mouth opening,mouth ulcers,jaw clicking|metronidazole,ibuprofen,chlorhexidine mouthwash,cetylpyridinium mouthwash,amoxicillin,fluoride varnish|panoramic radiography,periodontal probing,periapical X-rays,cone-beam CT,bite analysis|gums,dental pulp,wisdom teeth,jaw joint,oral mucosa
orthopedics|orthopedics|lumbar disc herniation,cervical spondylosis,knee osteoarthritis,frozen shoulder,wrist fracture,osteoporotic fracture,tenosynovitis,meniscus tear|low back pain,neck and shoulder pain,knee pain,sciatica,joint stiffness,limited movement,swelling,finger numbness|celecoxib,diclofenac,glucosamine,eperisone,mecobalamin,loxoprofen,calcitriol|plain X-rays,lumbar MRI,knee MRI,bone densitometry,arthroscopy,nerve conduction studies|lumbar spine,cervical spine,knee,shoulder,hip
tcm|traditional Chinese medicine|spleen qi deficiency,liver qi stagnation,qi and blood deficiency,damp-heat,wind-cold common cold,kidney yang deficiency,yin deficiency with internal heat,phlegm-damp constitution|poor appetite with loose stools,rib-side distension,sallow complexion,bitter taste in the mouth,chills without sweating,sore knees and lower back,hot palms and soles,lingering tiredness|Si Jun Zi Tang,Xiao Yao San,Ba Zhen Tang,Jing Fang Bai Du San,Jin Gui Shen Qi Wan,Liu Wei Di Huang Wan,Shen Ling Bai Zhu San,Er Chen Tang|tongue inspection,pulse diagnosis,constitution assessment,four-method assessment,meridian testing|spleen,liver meridian,kidney,tongue coating,pulse
emergency|emergency medicine|acute poisoning,anaphylaxis,heat stroke,acute myocardial infarction,traumatic bleeding,hypoglycemic coma,acute appendicitis,carbon monoxide poisoning|confusion,profuse sweating,severe abdominal pain,rapid breathing,seizures,low blood pressure,pale skin,vomiting|epinephrine,naloxone,intravenous glucose,mannitol,dexamethasone,normal saline,atropine|bedside ECG,arterial blood gas analysis,emergency chemistry panels,point-of-care ultrasound,head CT,toxicology screening|airway,venous access,cervical spine,abdomen,limbs
infectious|infectious diseases|seasonal influenza,COVID-19,chronic hepatitis B,pulmonary tuberculosis,shingles,bacillary dysentery,dengue fever,norovirus gastroenteritis|fever,chills,sore throat,muscle aches,diarrhea,jaundice,night sweats,rash|oseltamivir,entecavir,tenofovir,isoniazid,rifampicin,acyclovir,ceftriaxone,nirmatrelvir-ritonavir|PCR testing,rapid antigen testing,hepatitis B serology,HBV DNA quantification,tuberculin skin testing,blood cultures,chest CT|liver,lungs,respiratory tract,gut,bloodstream
"""

# key|display name|terms|roles|things|activities
_ZH_GEN = """
mathematics|数学|素数,微积分,线性代数,概率论,拓扑学,数论,几何证明,矩阵分解,函数极限,统计推断|数学家,中学教师,研究生,竞赛选手,统计学者|教材,公式,习题集,计算器,证明草稿,坐标纸|推导公式,证明定理,求解方程,构造反例,建立模型,验算结果
physics|物理|牛顿力学,电磁感应,热力学第二定律,量子力学,狭义相对论,光的折射,超导现象,声波共振|物理学家,实验员,工程师,天文学家,大学生|实验装置,示波器,望远镜,磁铁,粒子探测器,单摆|测量数据,设计实验,分析误差,推导方程,观察现象,校准仪器
history|历史|丝绸之路,宋代市舶司,明代海禁,工业革命,文艺复兴,唐代科举,郑和下西洋,古代驿站制度|史学家,考古学者,地方志编纂者,博物馆研究员,文献学家|古籍,碑刻,出土文物,地方志,档案,古地图|考证史料,整理文献,发掘遗址,比对版本,测定年代,走访遗迹
law|法律|合同法,劳动合同,知识产权,民事诉讼,消费者权益保护,物业纠纷,个人信息保护,继承制度|律师,法官,仲裁员,法律援助工作者,当事人|判决书,合同文本,证据材料,法律条文,调解协议|提起诉讼,签订合同,收集证据,申请仲裁,审查条款,咨询律师
economics|经济|通货膨胀,供需关系,货币政策,边际效用,比较优势,消费升级,产业链,汇率波动|经济学家,分析师,企业主,投资者,统计部门|财务报表,价格指数,统计数据,调查问卷,行业报告|调整利率,扩大投资,控制成本,分析数据,预测走势,优化结构
computing|计算机|操作系统,数据库索引,哈希表,分布式系统,机器学习,编译原理,网络协议,并行计算|程序员,架构师,测试工程师,运维人员,数据科学家|服务器,源代码,日志文件,算法,配置文件,接口文档|编写代码,调试程序,优化查询,部署服务,设计接口,排查故障
sports|体育|马拉松,乒乓球,足球联赛,游泳,羽毛球,篮球,举重,越野跑|运动员,教练,裁判,体能师,球迷|跑鞋,球拍,训练计划,秒表,护具,奖牌|热身拉伸,间歇训练,调整战术,恢复体能,参加比赛,分析录像
food|美食|红烧肉,清蒸鱼,拍黄瓜,手擀面,小笼包,麻婆豆腐,番茄炒蛋,桂花糕|厨师,美食作家,家庭主妇,面点师,食客|铁锅,砂锅,蒸笼,调味料,食谱,擀面杖|切配食材,焯水,慢火炖煮,调制酱汁,和面,控制火候
travel|旅游|古镇游,自驾游,徒步线路,博物馆参观,海岛度假,草原露营,冰雪旅游,红色旅游|导游,游客,民宿老板,背包客,景区管理员|行李箱,地图,门票,防晒霜,登山杖,相机|规划路线,预订酒店,购买门票,拍摄风景,品尝小吃,办理签证
literature|文学|唐诗,宋词,现代小说,散文,章回体小说,戏剧文学,儿童文学,网络文学|作家,诗人,评论家,编辑,读者|手稿,诗集,长篇小说,文学期刊,译本,书评|创作小说,修改手稿,翻译作品,朗诵诗歌,撰写评论,编选文集
agriculture|农业|水稻种植,温室大棚,节水灌溉,有机肥料,病虫害防治,果树修剪,土壤改良,智慧农业|农民,农技员,合作社社长,育种专家,养殖户|播种机,滴灌设备,种子,化肥,植保无人机,农药|整地播种,施肥浇水,防治病虫,采收晾晒,嫁接育苗,测土配方
military|军事|军事地理,古代兵法,国防教育,后勤保障,军事训练,海防建设,军事通信,边防巡逻|军事史学者,退役军人,教官,军事评论员,学员|地图,兵书,通信设备,训练手册,博物馆藏品|组织演练,研读兵法,野外拉练,体能考核,整理装备,讲授课程
education|教育|义务教育,职业教育,在线课程,课后服务,教师培训,家庭教育,阅读推广,高考改革|教师,校长,家长,学生,教研员|教材,课程表,作业本,多媒体设备,教案,试卷|备课,批改作业,组织讨论,开展家访,设计课程,评估学习效果
entertainment|娱乐|电视剧,综艺节目,音乐节,电影票房,短视频,话剧演出,动画电影,游戏直播|导演,演员,歌手,编剧,主持人|剧本,舞台,专辑,预告片,剧照,海报|拍摄电影,排练节目,录制专辑,举办演唱会,策划活动,发布作品
"""

_EN_GEN = """
mathematics|mathematics|prime numbers,calculus,linear algebra,probability theory,topology,number theory,geometric proof,matrix decomposition,limits of functions,statistical inference|mathematicians,secondary school teachers,graduate students,olympiad contestants,statisticians|textbooks,formulas,problem sets,graphing calculators,written proofs,coordinate grids|deriving formulas,proving theorems,solving equations,building counterexamples,fitting models,checking results
physics|physics|Newtonian mechanics,electromagnetic induction,the second law of thermodynamics,quantum mechanics,special relativity,the refraction of light,superconductivity,acoustic resonance|physicists,lab technicians,engineers,astronomers,undergraduates|experimental rigs,oscilloscopes,telescopes,magnets,particle detectors,pendulums|taking measurements,designing experiments,estimating errors,deriving equations,observing phenomena,calibrating instruments
history|history|the Silk Road,Song dynasty maritime trade offices,the Ming sea ban,the Industrial Revolution,the Renaissance,the imperial examination system,the voyages of Zheng He,ancient postal relay stations|historians,archaeologists,local chroniclers,museum curators,philologists|old manuscripts,stone inscriptions,excavated artifacts,local gazetteers,archives,historical maps|cross-checking sources,editing documents,excavating sites,comparing editions,dating objects,visiting ruins
law|law|contract law,employment contracts,intellectual property,civil procedure,consumer protection,property management disputes,personal data protection,inheritance rules|lawyers,judges,arbitrators,legal aid workers,litigants|court judgments,contract drafts,evidence files,statutes,settlement agreements|filing lawsuits,signing contracts,gathering evidence,applying for arbitration,reviewing clauses,consulting counsel
economics|economics|inflation,supply and demand,monetary policy,marginal utility,comparative advantage,consumer upgrading,supply chains,exchange rate swings|economists,analysts,small business owners,investors,statistical agencies|balance sheets,price indices,survey data,questionnaires,industry reports|adjusting interest rates,expanding investment,controlling costs,analyzing data,forecasting trends,restructuring industries
computing|computing|operating systems,database indexes,hash tables,distributed systems,machine learning,compiler design,network protocols,parallel computing|programmers,software architects,test engineers,site reliability engineers,data scientists|servers,source code,log files,algorithms,configuration files,API documentation|writing code,debugging programs,tuning queries,deploying services,designing interfaces,tracing failures
sports|sports|marathon running,table tennis,league football,swimming,badminton,basketball,weightlifting,trail running|athletes,coaches,referees,strength coaches,fans|running shoes,rackets,training plans,stopwatches,protective gear,medals|warming up,interval training,adjusting tactics,recovering between sessions,entering competitions,reviewing match footage
food|food|braised pork belly,steamed fish,smashed cucumber salad,hand-pulled noodles,soup dumplings,mapo tofu,tomato and egg stir-fry,osmanthus cake|chefs,food writers,home cooks,pastry makers,diners|woks,clay pots,bamboo steamers,spice blends,recipe cards,rolling pins|prepping ingredients,blanching,slow braising,mixing sauces,kneading dough,controlling the heat
travel|travel|old town tours,road trips,hiking routes,museum visits,island holidays,grassland camping,winter sports trips,heritage tourism|tour guides,tourists,guesthouse owners,backpackers,park rangers|suitcases,maps,entrance tickets,sunscreen,trekking poles,cameras|planning routes,booking hotels,buying tickets,photographing scenery,tasting street food,applying for visas
literature|literature|Tang poetry,Song ci lyrics,the modern novel,the personal essay,classical serial fiction,dramatic literature,children's literature,online fiction|novelists,poets,critics,editors,readers|manuscripts,poetry collections,long novels,literary magazines,translations,book reviews|drafting novels,revising manuscripts,translating works,reciting poems,writing criticism,compiling anthologies
agriculture|agriculture|rice cultivation,greenhouse farming,water-saving irrigation,organic fertilizer,pest management,fruit tree pruning,soil improvement,precision agriculture|farmers,extension agents,cooperative leaders,plant breeders,livestock keepers|seed drills,drip lines,seed stock,fertilizer,crop-spraying drones,pesticides|preparing fields,fertilizing and watering,controlling pests,harvesting and drying,grafting seedlings,testing soil
military|military history|military geography,classical strategy texts,national defense education,military logistics,basic training,coastal defense,military communications,border patrols|military historians,veterans,instructors,defense commentators,cadets|maps,strategy treatises,radio equipment,training manuals,museum collections|organizing drills,studying strategy,field marches,fitness assessments,maintaining equipment,teaching courses
education|education|compulsory schooling,vocational training,online courses,after-school programs,teacher training,family education,reading promotion,exam reform|teachers,principals,parents,students,curriculum researchers|textbooks,timetables,exercise books,classroom projectors,lesson plans,exam papers|preparing lessons,grading homework,leading discussions,visiting families,designing courses,assessing learning
entertainment|entertainment|television dramas,variety shows,music festivals,box office results,short videos,stage plays,animated films,game streaming|directors,actors,singers,screenwriters,hosts|scripts,stages,albums,trailers,production stills,posters|shooting films,rehearsing shows,recording albums,staging concerts,planning events,releasing new work
"""

# Shared word lists: name|items
_ZH_COMMON = """
city|北京,上海,广州,成都,武汉,西安,杭州,南京,长沙,昆明,沈阳,郑州,青岛,厦门,兰州,贵阳,哈尔滨,南宁,合肥,济南,福州,太原,石家庄,苏州,大连,宁波,重庆,天津,无锡,洛阳,桂林,拉萨
surname|王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,林,罗,高,梁,宋,郑,谢,韩,唐,冯,于,董,程,曹,袁,邓,许,傅,沈,曾,彭,吕,苏,卢,蒋,蔡,丁,魏,薛,叶,余,潘,杜,戴,夏,钟,汪,田,任,姜,范,方,石,姚,谭,廖,邹,熊,金,陆,郝,孔,白,崔,康,毛,邱,秦,江,史,顾,侯,邵,孟,龙,段,雷,钱,汤,尹,黎,易,常,武,乔,贺,赖,龚,文
given|伟,芳,娜,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀,霞,平,刚,桂,英,华,玉,萍,红,建,文,辉,宇,鑫,欣,怡,晨,浩,然,博,琳,婷,嘉,瑞,凯,思,雨,子,涵,梓,轩,泽,佳,一,诗,晓,俊,志,海,兰,国,德
era|十七世纪,十九世纪末,二十世纪初,二十世纪中叶,上世纪八十年代,先秦时期,唐宋时期,明清之际,近代
cause|遗传因素,长期熬夜,吸烟,过量饮酒,肥胖,缺乏运动,高盐饮食,精神压力,反复感染,年龄增长,环境污染,免疫功能紊乱
approach|生活方式干预,药物治疗,手术治疗,综合治疗,对症支持治疗,康复训练,中西医结合治疗
habit|合理膳食,规律运动,戒烟限酒,控制体重,保证睡眠,减轻压力,勤洗手,按时接种疫苗,定期体检
diet|少盐少油,多吃新鲜蔬菜,控制甜食,少喝含糖饮料,三餐定时定量,细嚼慢咽,适量摄入优质蛋白
exercise|快走,慢跑,游泳,太极拳,骑自行车,八段锦,瑜伽,跳绳
season|春季,夏季,秋冬季节,换季时,梅雨季节,冬季,气温骤降时
task|测量血压,使用吸入装置,监测血糖,护理伤口,给孩子退热,做康复训练,准备体检,整理用药记录
growth|经济增长点,文化名片,发展亮点,消费热点,产业方向
freq|每日一次,每日两次,每日三次,每晚睡前一次,每周一次,早晚各一次
hospkind|第一人民医院,中心医院,中医医院,妇幼保健院,第二人民医院,人民医院,第三医院,大学附属医院,市立医院
doctitle|医生,主任,教授,副主任医师,主治医师
relative|父亲,母亲,爱人,家里老人,孩子,外婆,哥哥
"""

_EN_COMMON = """
city|Boston,Denver,Leeds,Glasgow,Toronto,Melbourne,Auckland,Austin,Portland,Bristol,Dublin,Cardiff,Perth,Calgary,Ottawa,Phoenix,Nashville,Halifax,Brisbane,Sheffield,Cork,Adelaide,Seattle,Edinburgh,Winnipeg,Omaha,Hobart,Dundee
first|Alice,Ben,Carla,David,Elena,Farid,Grace,Hiro,Isabel,James,Kwame,Laura,Mei,Noah,Olivia,Priya,Quentin,Rosa,Samuel,Tara,Umar,Vera,Wei,Yusuf,Zoe,Liam,Nadia,Oscar,Hannah,Marco,Ingrid,Tomas
last|Anderson,Baker,Chen,Diaz,Evans,Fischer,Garcia,Hughes,Ito,Johnson,Khan,Lopez,Murphy,Nguyen,Okafor,Patel,Quinn,Rossi,Smith,Taylor,Usman,Varga,Wong,Young,Zhang,Brennan,Costa,Larsen,Moreau,Singh,Novak,Haddad
era|the seventeenth century,the late nineteenth century,the early twentieth century,the 1950s,the 1980s,antiquity,the Tang and Song periods,the late Ming,the early modern era
cause|genetic factors,chronic sleep loss,smoking,heavy drinking,obesity,physical inactivity,a salty diet,long-term stress,repeated infections,aging,air pollution,immune dysregulation
approach|lifestyle change,drug therapy,surgery,combined treatment,supportive care,rehabilitation,integrated Chinese and Western medicine
habit|a balanced diet,regular exercise,quitting smoking,limiting alcohol,weight control,enough sleep,stress management,hand washing,keeping vaccinations up to date,routine check-ups
diet|vegetables,whole grains,lean protein,less salt and oil,fewer sugary drinks,regular meal times,slow chewing
exercise|brisk walking,jogging,swimming,tai chi,cycling,baduanjin,yoga,skipping rope
season|spring,summer,autumn and winter,the change of seasons,the rainy season,winter,sudden cold snaps
task|measure blood pressure,use an inhaler,check blood sugar,care for a wound,bring down a child's fever,do rehabilitation exercises,prepare for a health check,keep a medicine log
growth|growth engine,cultural calling card,local highlight,consumer hotspot,industrial focus
freq|once daily,twice daily,three times a day,at bedtime,once weekly,morning and evening
hospkind|General Hospital,Memorial Hospital,University Hospital,Regional Medical Center,Community Hospital,City Hospital,Teaching Hospital
relative|father,mother,husband,wife,son,daughter,grandmother
monthname|January,February,March,April,May,June,July,August,September,October,November,December
"""
